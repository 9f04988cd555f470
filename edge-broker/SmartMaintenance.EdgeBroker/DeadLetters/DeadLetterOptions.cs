using System.ComponentModel.DataAnnotations;

namespace SmartMaintenance.EdgeBroker.DeadLetters;

/// <summary>Where refused messages are kept (Broker:DeadLetters).</summary>
public sealed class DeadLetterOptions
{
    public const string Section = "Broker:DeadLetters";

    [Required(ErrorMessage = "Broker:DeadLetters:Directory must name a folder.")]
    public string Directory { get; set; } = "data/deadletters";

    /// <summary>Bytes of payload kept per dead letter; enough to see what was wrong, not enough to fill the disk.</summary>
    [Range(0, 64 * 1024)]
    public int MaxPayloadBytes { get; set; } = 512;

    /// <summary>The current file is rotated to .1 past this size (one old file kept): bounded disk use.</summary>
    [Range(64 * 1024, 1024L * 1024 * 1024)]
    public long MaxFileBytes { get; set; } = 16 * 1024 * 1024;
}
