using System.ComponentModel.DataAnnotations;

namespace SmartMaintenance.EdgeBroker.Outbox;

/// <summary>When an appended record counts as durable (see edge-broker/README.md, "Outbox").</summary>
public enum FsyncPolicy
{
    /// <summary>
    /// Group commit: the writer fsyncs once per batch of appends and only then completes them, so a QoS 1 PUBACK
    /// means the reading is on disk (survives kill -9 and power loss). The default.
    /// </summary>
    Always,

    /// <summary>Appends complete once written to the OS page cache: survives kill -9, not a power loss. Faster.</summary>
    OsBuffered,
}

/// <summary>What the broker does when the outbox nears its disk cap (the cloud has been away or slow for long).</summary>
public enum OutboxFullPolicy
{
    /// <summary>
    /// The default: keep accepting; past the cap the oldest segments are dropped (counted, logged, alarm), so the
    /// newest data wins. Our devices cannot do better: nanoFramework's M2Mqtt reports a PUBACK without its reason
    /// code, so the firmware would release a refused reading, and with RefuseNew the newest readings would be lost.
    /// </summary>
    DropOldest,

    /// <summary>
    /// Back-pressure, for MQTT 5 clients that keep a reading refused with 0x97 and resend it (gateways, custom
    /// devices): new telemetry is refused with PUBACK 0x97 (quota exceeded), so nothing the broker acknowledged is
    /// dropped. MQTT 3.1.1 has no refusal in its PUBACK, so those sessions are still accepted, and the cap's
    /// drop-oldest stays their last resort.
    /// </summary>
    RefuseNew,
}

/// <summary>Settings of the durable store-and-forward outbox (Broker:Outbox).</summary>
public sealed class OutboxOptions : IValidatableObject
{
    public const string Section = "Broker:Outbox";

    /// <summary>Folder of the segment files and the forward cursor; one broker per folder (a lock file enforces it).</summary>
    [Required(ErrorMessage = "Broker:Outbox:Directory must name a folder.")]
    public string Directory { get; set; } = "data/outbox";

    /// <summary>A segment is closed and a new one started when it passes this size.</summary>
    [Range(4 * 1024, 1024L * 1024 * 1024, ErrorMessage = "Broker:Outbox:SegmentBytes must be 4 KiB-1 GiB.")]
    public long SegmentBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Disk cap: past it the oldest segments are dropped (counted, logged, alarm raised). 512 MiB by default.</summary>
    [Range(8 * 1024, long.MaxValue, ErrorMessage = "Broker:Outbox:MaxBytes must be at least 8 KiB.")]
    public long MaxBytes { get; set; } = 512L * 1024 * 1024;

    public FsyncPolicy Fsync { get; set; } = FsyncPolicy.Always;

    /// <summary>Drop the oldest (default) or refuse new telemetry when the outbox nears MaxBytes; see OutboxFullPolicy.</summary>
    public OutboxFullPolicy WhenFull { get; set; } = OutboxFullPolicy.DropOldest;

    /// <summary>
    /// With RefuseNew, the size from which new telemetry is refused: MaxBytes less a headroom (half the cap, at most
    /// the larger of one segment and 32 MiB) for the appends already queued, so they never push the outbox past its cap.
    /// </summary>
    public long RefuseFromBytes => MaxBytes - Math.Min(MaxBytes / 2, Math.Max(SegmentBytes, 32L * 1024 * 1024));

    /// <summary>Most appends written under one fsync.</summary>
    [Range(1, 100_000)]
    public int MaxGroupCommit { get; set; } = 4096;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxBytes < 2 * SegmentBytes)
        {
            yield return new ValidationResult(
                $"Broker:Outbox:MaxBytes ({MaxBytes}) must be at least twice Broker:Outbox:SegmentBytes ({SegmentBytes}), so dropping the oldest segment frees room.");
        }
    }
}
