namespace SmartMaintenance.Cloud.Ml.Registry;

/// <summary>Lifecycle of a model version: registered as staging, promoted to production, archived when replaced.</summary>
public enum ModelStage
{
    Staging,
    Production,
    Archived,
}
