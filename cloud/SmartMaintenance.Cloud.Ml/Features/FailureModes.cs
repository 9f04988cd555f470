using SmartMaintenance.Cloud.Ml.Data;

namespace SmartMaintenance.Cloud.Ml.Features;

/// <summary>
/// Classes of the failure-mode model: no failure plus the four modes with a physical cause. Random failures
/// (RNF, 0.1% by construction) cannot be predicted from the inputs; failures with no mode flag or only RNF are
/// left out of the mode model's data. A row with several modes takes the mode its inputs explain: heat dissipation,
/// power and overstrain are rules of the inputs (data/ai4i2020/ATTRIBUTION.md), tool wear failure happens at a
/// random wear between 200 and 240 min, so HDF, PWF, OSF come before TWF (3 of the 46 TWF rows also carry one of them).
/// </summary>
public static class FailureModes
{
    public const int Count = 5;

    /// <summary>Index i is key i + 1.</summary>
    public static readonly IReadOnlyList<string> Names = ["None", "TWF", "HDF", "PWF", "OSF"];

    /// <summary>The mode class of a row (0-based), or null when the row has no learnable mode.</summary>
    public static int? ClassOf(Ai4iRecord r)
    {
        if (r.Hdf) return 2;
        if (r.Pwf) return 3;
        if (r.Osf) return 4;
        if (r.Twf) return 1;
        return r.MachineFailure ? null : 0;
    }
}
