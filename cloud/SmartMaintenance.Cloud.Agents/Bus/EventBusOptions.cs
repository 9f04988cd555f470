using System.ComponentModel.DataAnnotations;

namespace SmartMaintenance.Cloud.Agents.Bus;

/// <summary>Queueing and retry policy of the event bus (section Cloud:Agents:Bus).</summary>
public sealed class EventBusOptions
{
    public const string Section = "Cloud:Agents:Bus";

    public const string ChannelsTransport = "Channels";

    public const string JetStreamTransport = "JetStream";

    /// <summary>
    /// Channels (default): in-process bounded channels, one instance. JetStream: persisted streams on a NATS server,
    /// partitions shared between the instances (section Cloud:Agents:Bus:JetStream, Bus/JetStream/JetStreamOptions.cs).
    /// </summary>
    [RegularExpression("^(Channels|JetStream)$", ErrorMessage = "Cloud:Agents:Bus:Transport must be Channels or JetStream.")]
    public string Transport { get; set; } = ChannelsTransport;

    /// <summary>
    /// Events waiting per handler before publishers wait (back-pressure). A PerSensor subscription splits it evenly
    /// between its partitions (at least one event each), so its bound stays the same; a busy sensor can fill its
    /// partition's share first.
    /// </summary>
    [Range(1, 1_000_000)] public int QueueCapacity { get; set; } = 10_000;

    /// <summary>
    /// Consumers of each subscription declared Ordering.PerSensor (Pipeline/AgentPipeline.cs); the events of one
    /// sensor always go to the same one. More than the cores lets a partition's database wait overlap another's work.
    /// </summary>
    [Range(1, 64)] public int Partitions { get; set; } = 4;

    /// <summary>The bounded queue of each of a subscription's partitions.</summary>
    public int PartitionCapacity(int partitions) => Math.Max(1, QueueCapacity / partitions);

    /// <summary>Deliveries per event and handler, the first included; after the last the event is dead-lettered.</summary>
    [Range(1, 20)] public int MaxAttempts { get; set; } = 4;

    /// <summary>Wait before the second attempt; doubled for each further attempt up to MaxBackoff.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Event ids remembered per handler to drop repeats (idempotency); oldest forgotten first.</summary>
    [Range(16, 10_000_000)] public int RememberedEventIds { get; set; } = 100_000;

    public TimeSpan BackoffFor(int failedAttempts)
    {
        var factor = Math.Pow(2, Math.Max(0, failedAttempts - 1));
        var ticks = Math.Min(InitialBackoff.Ticks * factor, MaxBackoff.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}
