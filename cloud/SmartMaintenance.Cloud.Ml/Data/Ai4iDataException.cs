namespace SmartMaintenance.Cloud.Ml.Data;

/// <summary>The training file is not the AI4I 2020 file we expect (hash, header, row count or a value).</summary>
public sealed class Ai4iDataException(string message) : Exception(message);
