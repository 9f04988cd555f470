using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmartMaintenance.Cloud.Ml.Registry;

/// <summary>Lifecycle of a model version: registered as staging, promoted to production, archived when replaced.</summary>
[JsonConverter(typeof(ModelStageJsonConverter))]
public enum ModelStage
{
    Staging,
    Production,
    Archived,
}

/// <summary>Stages travel as "staging", "production", "archived" in JSON (API and registry file).</summary>
public sealed class ModelStageJsonConverter() : JsonStringEnumConverter<ModelStage>(JsonNamingPolicy.CamelCase);
