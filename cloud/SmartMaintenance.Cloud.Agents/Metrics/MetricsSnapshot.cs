using System.Globalization;
using System.Text;

namespace SmartMaintenance.Cloud.Agents.Metrics;

public sealed record AgentSnapshot(string Agent, long Handled, long Failures, long DeadLetters, long Duplicates,
    double P50Ms, double P99Ms);

/// <summary>What GET /api/v1/metrics/snapshot returns.</summary>
public sealed record MetricsSnapshot(DateTimeOffset At, IReadOnlyList<AgentSnapshot> Agents,
    IReadOnlyDictionary<string, long> EventsPublished)
{
    /// <summary>Readings the validation agent rejected, by rule.</summary>
    public IReadOnlyDictionary<string, long> ReadingsRejected { get; init; } = new Dictionary<string, long>();

    /// <summary>Per partition lag and redeliveries (JetStream transport; empty with the in-process one).</summary>
    public IReadOnlyList<PartitionSnapshot> Partitions { get; init; } = [];

    /// <summary>Times this instance took the acquisition lease (1 on a single instance; more after takeovers).</summary>
    public long AcquisitionTakeovers { get; init; }

    /// <summary>The same figures in the Prometheus text exposition format.</summary>
    public string ToPrometheusText()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.Append("# TYPE sm_agent_events_handled_total counter\n");
        foreach (var a in Agents)
        {
            text.Append(c, $"sm_agent_events_handled_total{{agent=\"{a.Agent}\"}} {a.Handled}\n");
        }

        text.Append("# TYPE sm_agent_failures_total counter\n");
        foreach (var a in Agents)
        {
            text.Append(c, $"sm_agent_failures_total{{agent=\"{a.Agent}\"}} {a.Failures}\n");
        }

        text.Append("# TYPE sm_agent_dead_letters_total counter\n");
        foreach (var a in Agents)
        {
            text.Append(c, $"sm_agent_dead_letters_total{{agent=\"{a.Agent}\"}} {a.DeadLetters}\n");
        }

        text.Append("# TYPE sm_agent_handler_p99_ms gauge\n");
        foreach (var a in Agents)
        {
            text.Append(c, $"sm_agent_handler_p99_ms{{agent=\"{a.Agent}\"}} {a.P99Ms}\n");
        }

        text.Append("# TYPE sm_agent_events_published_total counter\n");
        foreach (var (type, n) in EventsPublished)
        {
            text.Append(c, $"sm_agent_events_published_total{{event=\"{type}\"}} {n}\n");
        }

        text.Append("# TYPE sm_agent_readings_rejected_total counter\n");
        foreach (var (rule, n) in ReadingsRejected)
        {
            text.Append(c, $"sm_agent_readings_rejected_total{{rule=\"{rule}\"}} {n}\n");
        }

        if (Partitions.Count > 0)
        {
            text.Append("# TYPE sm_bus_partition_lag gauge\n");
            foreach (var p in Partitions)
            {
                text.Append(c, $"sm_bus_partition_lag{{subscription=\"{p.Subscription}\",partition=\"{p.Partition}\"}} {p.Lag}\n");
            }

            text.Append("# TYPE sm_bus_partition_redeliveries_total counter\n");
            foreach (var p in Partitions)
            {
                text.Append(c, $"sm_bus_partition_redeliveries_total{{subscription=\"{p.Subscription}\",partition=\"{p.Partition}\"}} {p.Redeliveries}\n");
            }
        }

        text.Append("# TYPE sm_agent_acquisition_takeovers_total counter\n");
        text.Append(c, $"sm_agent_acquisition_takeovers_total {AcquisitionTakeovers}\n");
        return text.ToString();
    }
}
