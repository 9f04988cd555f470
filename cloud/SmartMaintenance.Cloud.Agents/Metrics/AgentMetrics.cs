using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace SmartMaintenance.Cloud.Agents.Metrics;

/// <summary>
/// Agent 11, the metrics collector: per-agent counts, failures, dead letters and latencies. Published on the
/// "SmartMaintenance.Agents" meter (for OpenTelemetry/Prometheus) and kept as a snapshot for the API.
/// </summary>
public sealed class AgentMetrics : IDisposable
{
    public const string MeterName = "SmartMaintenance.Agents";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _handled;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _deadLettered;
    private readonly Counter<long> _published;
    private readonly Counter<long> _rejected;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _acquisitionTakeovers;
    private long _acquisitionTakeoverCount;
    private readonly ConcurrentDictionary<string, AgentStats> _agents = new();
    private readonly ConcurrentDictionary<string, long> _publishedByType = new();
    private readonly ConcurrentDictionary<string, long> _rejectedByRule = new();
    private readonly ConcurrentDictionary<(string Subscription, int Partition), PartitionStats> _partitions = new();
    private readonly Counter<long> _redelivered;

    public AgentMetrics()
    {
        _handled = _meter.CreateCounter<long>("sm_agent_events_handled_total", description: "Events an agent handled successfully.");
        _failed = _meter.CreateCounter<long>("sm_agent_failures_total", description: "Failed handler attempts (retried or dead-lettered).");
        _deadLettered = _meter.CreateCounter<long>("sm_agent_dead_letters_total", description: "Events dead-lettered after the last attempt.");
        _published = _meter.CreateCounter<long>("sm_agent_events_published_total", description: "Events published on the bus, by type.");
        _rejected = _meter.CreateCounter<long>("sm_agent_readings_rejected_total", description: "Readings the validation agent rejected, by rule.");
        _duration = _meter.CreateHistogram<double>("sm_agent_handler_duration", unit: "ms", description: "Handler duration per event.");
        _redelivered = _meter.CreateCounter<long>("sm_bus_partition_redeliveries_total", description: "Events the JetStream server delivered again (after a crash, a lost ack or a timeout), by partition.");
        _meter.CreateObservableGauge("sm_bus_partition_lag", () => _partitions.Select(kv => new Measurement<long>(Interlocked.Read(ref kv.Value.Lag),
            new KeyValuePair<string, object?>("subscription", kv.Key.Subscription), new KeyValuePair<string, object?>("partition", kv.Key.Partition))),
            description: "Events waiting in a partition this instance consumes (JetStream transport).");
        _acquisitionTakeovers = _meter.CreateCounter<long>("sm_agent_acquisition_takeovers_total",
            description: "Times this instance took the acquisition lease (its start included; more means it took over from another instance).");
    }

    public void Published(string eventType)
    {
        _published.Add(1, new KeyValuePair<string, object?>("event", eventType));
        _publishedByType.AddOrUpdate(eventType, 1, (_, n) => n + 1);
    }

    /// <summary>
    /// One rejected reading, by the rule it failed (range, rate, timestamp, duplicate, stuck): a stuck sensor is a
    /// maintenance finding, not noise, so it is counted apart from the ReadingRejected total.
    /// </summary>
    public void Rejected(string rule)
    {
        _rejected.Add(1, new KeyValuePair<string, object?>("rule", rule));
        _rejectedByRule.AddOrUpdate(rule, 1, (_, n) => n + 1);
    }

    public void Handled(string agent, TimeSpan elapsed)
    {
        var tag = new KeyValuePair<string, object?>("agent", agent);
        _handled.Add(1, tag);
        _duration.Record(elapsed.TotalMilliseconds, tag);
        Stats(agent).Record(elapsed.TotalMilliseconds, failed: false);
    }

    public void Failed(string agent, TimeSpan elapsed)
    {
        _failed.Add(1, new KeyValuePair<string, object?>("agent", agent));
        Stats(agent).Record(elapsed.TotalMilliseconds, failed: true);
    }

    public void DeadLettered(string agent)
    {
        _deadLettered.Add(1, new KeyValuePair<string, object?>("agent", agent));
        Interlocked.Increment(ref Stats(agent).DeadLetters);
    }

    /// <summary>Events waiting in a partition this instance consumes, as the server last reported it.</summary>
    public void PartitionLag(string subscription, int partition, long pending) =>
        Interlocked.Exchange(ref Partition(subscription, partition).Lag, pending);

    public void PartitionRedelivered(string subscription, int partition)
    {
        _redelivered.Add(1, new KeyValuePair<string, object?>("subscription", subscription), new KeyValuePair<string, object?>("partition", partition));
        Interlocked.Increment(ref Partition(subscription, partition).Redeliveries);
    }

    /// <summary>The partition moved to another instance: its lag is theirs to report now (redeliveries seen here are kept).</summary>
    public void PartitionReleased(string subscription, int partition)
    {
        if (_partitions.TryGetValue((subscription, partition), out var stats))
        {
            Interlocked.Exchange(ref stats.Lag, 0);
        }
    }

    /// <summary>This instance took the acquisition lease (data acquisition reads new readings here from now on).</summary>
    public void AcquisitionTakeover()
    {
        _acquisitionTakeovers.Add(1);
        Interlocked.Increment(ref _acquisitionTakeoverCount);
    }

    public void Duplicate(string agent) => Interlocked.Increment(ref Stats(agent).Duplicates);

    /// <summary>
    /// The figures now. Each map is copied with ConcurrentDictionary's own ToArray (a snapshot under its locks) before
    /// any LINQ: OrderBy, ToList and the like size their buffer from Count and then copy or fill it, and an agent or
    /// partition counted for the first time in between made them throw (IndexOutOfRangeException here on .NET 10,
    /// ArgumentException from CopyTo in dotnet/runtime#120794), so GET /api/v1/metrics/snapshot answered 500 while a
    /// starting instance's agents handled their first events.
    /// </summary>
    public MetricsSnapshot Snapshot(DateTimeOffset at) => new(
        at,
        _agents.ToArray().OrderBy(kv => kv.Key).Select(kv => kv.Value.ToSnapshot(kv.Key)).ToList(),
        new SortedDictionary<string, long>(_publishedByType.ToArray().ToDictionary()))
    {
        ReadingsRejected = new SortedDictionary<string, long>(_rejectedByRule.ToArray().ToDictionary(), StringComparer.Ordinal),
        Partitions = [.. _partitions.ToArray().OrderBy(kv => kv.Key.Subscription, StringComparer.Ordinal).ThenBy(kv => kv.Key.Partition)
            .Select(kv => new PartitionSnapshot(kv.Key.Subscription, kv.Key.Partition, Interlocked.Read(ref kv.Value.Lag), Interlocked.Read(ref kv.Value.Redeliveries)))],
        AcquisitionTakeovers = Interlocked.Read(ref _acquisitionTakeoverCount),
    };

    public void Dispose() => _meter.Dispose();

    private PartitionStats Partition(string subscription, int partition) =>
        _partitions.GetOrAdd((subscription, partition), _ => new PartitionStats());

    private AgentStats Stats(string agent) => _agents.GetOrAdd(agent, _ => new AgentStats());
}
