namespace SmartMaintenance.Fuzz;

/// <summary>The fuzz targets by name: one per parser that takes bytes from outside.</summary>
internal static class FuzzTargets
{
    private static readonly Dictionary<string, Action<byte[]>> Targets = new(StringComparer.Ordinal)
    {
        ["cloud-batch"] = CloudBatchTarget.Run,
        ["cloud-csv"] = CloudCsvTarget.Run,
        ["broker-message"] = BrokerMessageTarget.Run,
        ["firmware-config"] = FirmwareConfigTarget.Run,
        ["mqtt-topic"] = TopicTarget.Run,
    };

    public static IEnumerable<string> Names => Targets.Keys;

    public static Action<byte[]>? Find(string name) => Targets.GetValueOrDefault(name);
}
