using System.Globalization;

namespace SmartMaintenance.EdgeBroker.Bench;

/// <summary>Prints the side-by-side table (markdown) that goes into docs/performance.md.</summary>
public static class Report
{
    public static void Print(TextWriter o, BenchOptions options, List<CaseResult> results, MemoryResult[] memory, long forwarded)
    {
        var c = CultureInfo.InvariantCulture;
        o.WriteLine(string.Create(c, $"Loopback, {Environment.ProcessorCount} cores, {options.Duration.TotalSeconds:F0} s per case, {LoadRunner.MessageBytes}-byte messages, edge-broker outbox fsync {options.Fsync}, warm-up {options.Warmup.TotalSeconds:F0} s per broker, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
        if (options.BrokerDll is { } dll)
        {
            o.WriteLine($"edge-broker: {dll}");
        }

        o.WriteLine();
        o.WriteLine("| Case | Mosquitto msg/s | p50 ms | p99 ms | bare MQTTnet msg/s | edge-broker msg/s | p50 ms | p99 ms | ratio to Mosquitto |");
        o.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var group in results.GroupBy(r => r.Case))
        {
            var m = group.Single(r => r.Broker == "mosquitto");
            var b = group.Single(r => r.Broker == "edge-broker");
            var bare = group.Single(r => r.Broker == "bare-mqttnet");
            o.WriteLine(string.Create(c, $"| {group.Key.Name} | {m.PerSecond:F0} | {Ms(m.P50Ms)} | {Ms(m.P99Ms)} | {bare.PerSecond:F0} | {b.PerSecond:F0} | {Ms(b.P50Ms)} | {Ms(b.P99Ms)} | {b.PerSecond / m.PerSecond:F2}x |"));
        }

        o.WriteLine();
        foreach (var r in memory)
        {
            o.WriteLine(string.Create(c, $"- {r.Broker}: {r.RssBytes / (1024.0 * 1024):F1} MB RSS with {r.Connected}/{r.Devices} idle devices connected"));
        }

        o.WriteLine(string.Create(c, $"- edge-broker readings acknowledged by the (sink) cloud at the end: {forwarded}; errors: {results.Sum(r => r.Errors)}"));
    }

    private static string Ms(double? value) => value is { } v ? v.ToString("F2", CultureInfo.InvariantCulture) : "n/a";
}
