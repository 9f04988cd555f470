using System.Diagnostics.Metrics;

namespace SmartMaintenance.Cloud.Storage;

/// <summary>Storage instruments: write-behind queue depth, database write latency and flush sizes.</summary>
public sealed class StorageMetrics : IDisposable
{
    public const string MeterName = "SmartMaintenance.Cloud.Storage";

    private readonly Meter _meter = new(MeterName);
    private readonly Histogram<double> _writeSeconds;
    private readonly Histogram<long> _flushRows;
    private readonly Counter<long> _failures;

    public StorageMetrics()
    {
        _writeSeconds = _meter.CreateHistogram<double>("sm_db_write_duration", "s", "Time to commit one write-behind flush.");
        _flushRows = _meter.CreateHistogram<long>("sm_db_flush_rows", "{row}", "Rows per write-behind flush.");
        _failures = _meter.CreateCounter<long>("sm_db_flush_failures", description: "Write-behind flushes that failed.");
    }

    internal void ObserveQueue(Func<long> depth) =>
        _meter.CreateObservableGauge("sm_write_behind_queue_depth", depth, "{row}", "Readings waiting in the write-behind buffer.");

    internal void Flushed(int rows, TimeSpan elapsed)
    {
        _writeSeconds.Record(elapsed.TotalSeconds);
        _flushRows.Record(rows);
    }

    internal void FlushFailed() => _failures.Add(1);

    public void Dispose() => _meter.Dispose();
}
