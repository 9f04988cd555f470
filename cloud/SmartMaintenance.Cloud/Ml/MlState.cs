namespace SmartMaintenance.Cloud.Ml;

/// <summary>What the ML part is doing, for readiness and the models endpoint.</summary>
public sealed class MlState
{
    private volatile string _status = "starting";

    /// <summary>starting, training-baseline, ready, or failed: reason.</summary>
    public string Status => _status;

    public void Set(string status) => _status = status;
}
