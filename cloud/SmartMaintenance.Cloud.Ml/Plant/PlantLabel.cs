using SmartMaintenance.Cloud.Ml.Data;

namespace SmartMaintenance.Cloud.Ml.Plant;

/// <summary>
/// What a person found on a machine, tied to the machine's readings before it: the plant's own training label.
/// Finding is "no-fault" or a failure mode of FailureModes (TWF, HDF, PWF, OSF); Window holds the machine's
/// AI4I inputs over the labelled window (each becomes one training row with this finding). Source says where the
/// label came from, e.g. "incident:42" or "order:17"; Id is unique per source (recording the same Id twice keeps one).
/// </summary>
public sealed record PlantLabel(string Id, string DeviceId, DateTimeOffset RecordedUtc, string Finding, IReadOnlyList<MachineReading> Window, string Source, string RecordedBy)
{
    public const string NoFault = "no-fault";

    public bool IsFailure => Finding != NoFault;
}
