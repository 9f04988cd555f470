namespace SmartMaintenance.Cloud.Ml.Rul;

public sealed class CmapssDataException(string message) : Exception(message);
