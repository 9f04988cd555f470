using System.ComponentModel.DataAnnotations;

namespace SmartMaintenance.EdgeBroker.Retained;

/// <summary>Where and how often the retained messages are saved (Broker:Retained); see edge-broker/README.md, "Retained messages".</summary>
public sealed class RetainedOptions
{
    public const string Section = "Broker:Retained";

    /// <summary>
    /// Folder of retained.json. Unset: "retained" beside Broker:Outbox:Directory (data/outbox -> data/retained),
    /// so a broker given its own data folder keeps its retained messages there too.
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>
    /// Changes are written at most once per interval (and at graceful shutdown): a plant-wide reconnect publishes
    /// hundreds of birth messages within a second, and each would otherwise rewrite the whole file. It is also the
    /// window of changes a kill -9 or power cut can lose.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00", ErrorMessage = "Broker:Retained:FlushInterval must be 10 ms-5 min.")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Most messages saved. The ACL allows two retained topics per device (its status, and its config from the
    /// broker), so 20,000 covers 10,000 devices.
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "Broker:Retained:MaxMessages must be 1-1,000,000.")]
    public int MaxMessages { get; set; } = 20_000;

    /// <summary>Most bytes of topics and payloads saved (the file is larger by its base64 and JSON overhead).</summary>
    [Range(64 * 1024, 1024L * 1024 * 1024, ErrorMessage = "Broker:Retained:MaxBytes must be 64 KiB-1 GiB.")]
    public long MaxBytes { get; set; } = 16L * 1024 * 1024;
}
