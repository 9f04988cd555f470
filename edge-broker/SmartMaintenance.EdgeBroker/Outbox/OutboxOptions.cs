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
