using System.ComponentModel.DataAnnotations;

namespace SmartMaintenance.EdgeBroker.Ingress;

/// <summary>Device sequence tracking (Broker:Sequences); see DeviceSequence and SequenceTracker.</summary>
public sealed class SequenceOptions
{
    public const string Section = "Broker:Sequences";

    /// <summary>Folder of sequences.json; unset, "sequences" beside Broker:Outbox:Directory.</summary>
    public string? Directory { get; set; }

    /// <summary>
    /// A sequence more than this far below a device's highest is a restarted counter (new epoch), not a replay.
    /// Must exceed the devices' outbox capacity (firmware 48, virtual device 256), since a reconnecting device
    /// replays at most that many.
    /// </summary>
    [Range(1, 1_000_000_000, ErrorMessage = "Broker:Sequences:ReplayWindow must be 1-1000000000.")]
    public long ReplayWindow { get; set; } = DeviceSequence.DefaultReplayWindow;

    /// <summary>How often the devices' highest sequences are saved (restart detection across broker restarts).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);
}
