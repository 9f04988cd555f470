using System.ComponentModel.DataAnnotations;

namespace SmartMaintenance.Cloud.Agents.Bus.JetStream;

/// <summary>
/// The JetStream transport and its partition leases (section Cloud:Agents:Bus:JetStream; used when
/// Cloud:Agents:Bus:Transport is JetStream). Every instance of a cluster must use the same StreamPrefix and Partitions.
/// </summary>
public sealed class JetStreamOptions
{
    public const string Section = "Cloud:Agents:Bus:JetStream";

    /// <summary>The NATS server (several: comma-separated), e.g. nats://127.0.0.1:4222.</summary>
    [Required] public string Url { get; set; } = "nats://127.0.0.1:4222";

    /// <summary>Prefix of the streams (sm_...), subjects (sm.…) and the lease bucket (sm_leases).</summary>
    [RegularExpression("^[A-Za-z0-9_-]{1,32}$", ErrorMessage = "StreamPrefix: 1 to 32 letters, digits, '_' or '-'.")]
    public string StreamPrefix { get; set; } = "sm";

    /// <summary>This instance's name in the leases and in /health; default host name + process id.</summary>
    public string InstanceId { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>Partitions of each PerSensor / PerDevice subscription, cluster-wide: all instances must agree.</summary>
    [Range(1, 1024)] public int Partitions { get; set; } = 16;

    /// <summary>
    /// A lease (and an instance's registration) not renewed for this long expires and the partition is free. Also the
    /// AckWait of the partition consumers: an event in flight on a dead instance comes back after at most this long.
    /// </summary>
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often leases and the registration are renewed and the assignment recomputed.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Publishes of the same event id (Nats-Msg-Id) within this window are dropped by the server; a re-publish after
    /// it is delivered again and the handlers' database idempotency drops it (docs/scale-out.md).
    /// </summary>
    public TimeSpan DuplicateWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Events a subscription's stream holds (all partitions) before publishers wait (back-pressure).</summary>
    [Range(1, 100_000_000)] public long MaxPendingPerSubscription { get; set; } = 1_000_000;

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(InstanceId) || InstanceId.Length > 200)
        {
            yield return "Cloud:Agents:Bus:JetStream:InstanceId must be 1 to 200 characters.";
        }

        if (HeartbeatInterval <= TimeSpan.Zero)
        {
            yield return "Cloud:Agents:Bus:JetStream:HeartbeatInterval must be positive.";
        }

        // Two missed heartbeats must not lose a lease: a busy instance would give its partitions away for nothing.
        if (LeaseTtl < 3 * HeartbeatInterval)
        {
            yield return "Cloud:Agents:Bus:JetStream:LeaseTtl must be at least three HeartbeatIntervals.";
        }

        if (DuplicateWindow <= TimeSpan.Zero)
        {
            yield return "Cloud:Agents:Bus:JetStream:DuplicateWindow must be positive.";
        }

        if (!Url.Split(',').All(u => Uri.TryCreate(u.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "nats" or "tls"))
        {
            yield return "Cloud:Agents:Bus:JetStream:Url must be nats://host:port (several comma-separated).";
        }
    }
}
