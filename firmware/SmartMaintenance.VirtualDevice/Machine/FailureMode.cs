namespace SmartMaintenance.VirtualDevice.Machine;

/// <summary>The five failure modes of AI4I 2020 (Matzka 2020).</summary>
internal enum FailureMode
{
    None,
    /// <summary>Tool wear failure: the tool fails or is replaced at a random wear between 200 and 240 min.</summary>
    ToolWear,
    /// <summary>Heat dissipation failure: air-process difference below 8.6 K and speed below 1380 rpm.</summary>
    HeatDissipation,
    /// <summary>Power failure: torque x speed below 3500 W or above 9000 W.</summary>
    Power,
    /// <summary>Overstrain failure: tool wear x torque above the quality's limit.</summary>
    Overstrain,
    /// <summary>Random failure: 0.1 % chance per process step.</summary>
    Random,
}
