namespace SmartMaintenance.Cloud.Ml.Data;

/// <summary>
/// One row of AI4I 2020. The failure-mode flags are kept for the failure-mode label only; they are never
/// features (they are the machine-failure label in another form, see data/ai4i2020/ATTRIBUTION.md).
/// </summary>
public sealed record Ai4iRecord(
    int Udi,
    string ProductId,
    MachineReading Reading,
    bool MachineFailure,
    bool Twf,
    bool Hdf,
    bool Pwf,
    bool Osf,
    bool Rnf);
