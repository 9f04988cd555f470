using System.Text;

namespace SmartMaintenance.EdgeBroker.Observability;

/// <summary>Log lines left out by LogFloodGuard (each one still counted by its own refusal metric).</summary>
public sealed partial class BrokerMetrics
{
    private long _logLinesSuppressed;

    /// <summary>Log lines LogFloodGuard left out so far (reported in its summary lines).</summary>
    public long LogLinesSuppressed => Interlocked.Read(ref _logLinesSuppressed);

    public void LogLineSuppressed() => Interlocked.Increment(ref _logLinesSuppressed);

    private void WriteLogging(StringBuilder t) =>
        Metric(t, "sm_broker_log_lines_suppressed_total", "counter", "Log lines of repeated refusals left out per client (Broker:LogFlood); a summary line gives their count.", LogLinesSuppressed);
}
