using System.Diagnostics.Metrics;

namespace SmartMaintenance.Cloud.Ingestion;

/// <summary>Counters of the ingestion path (exported to Prometheus once the metrics endpoint lands).</summary>
public sealed class IngestMetrics : IDisposable
{
    public const string MeterName = "SmartMaintenance.Cloud.Ingestion";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _stored;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _rejected;

    public IngestMetrics()
    {
        _stored = _meter.CreateCounter<long>("sm_readings_ingested_total", description: "Readings stored.");
        _duplicates = _meter.CreateCounter<long>("sm_readings_deduplicated_total", description: "Readings already stored (idempotent replays).");
        _rejected = _meter.CreateCounter<long>("sm_readings_rejected_total", description: "Readings refused by validation.");
    }

    public void Stored(int count) => _stored.Add(count);

    public void Duplicates(int count) => _duplicates.Add(count);

    public void Rejected(int count, string reason) => _rejected.Add(count, new KeyValuePair<string, object?>("reason", reason));

    public void Dispose() => _meter.Dispose();
}
