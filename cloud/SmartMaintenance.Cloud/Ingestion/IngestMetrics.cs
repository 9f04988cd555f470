using System.Diagnostics.Metrics;

namespace SmartMaintenance.Cloud.Ingestion;

/// <summary>Counters of the ingestion path, exported on /metrics.</summary>
public sealed class IngestMetrics : IDisposable
{
    public const string MeterName = "SmartMaintenance.Cloud.Ingestion";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _stored;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _rejected;

    public IngestMetrics()
    {
        _stored = _meter.CreateCounter<long>("sm_readings_ingested", "{reading}", "Readings stored.");
        _duplicates = _meter.CreateCounter<long>("sm_readings_deduplicated", "{reading}", "Readings already stored (idempotent replays).");
        _rejected = _meter.CreateCounter<long>("sm_readings_rejected", "{reading}", "Readings refused by validation.");
    }

    public void Stored(int count) => Stored(count, "other");

    public void Stored(int count, string source) => _stored.Add(count, new KeyValuePair<string, object?>("source", source));

    public void Duplicates(int count, string source) => _duplicates.Add(count, new KeyValuePair<string, object?>("source", source));

    public void Rejected(int count, string source) => _rejected.Add(count, new KeyValuePair<string, object?>("source", source));

    public void Dispose() => _meter.Dispose();
}
