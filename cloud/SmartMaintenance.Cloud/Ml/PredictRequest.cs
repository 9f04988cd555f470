using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmartMaintenance.Cloud.Ml;

/// <summary>The seeds' body: {"model_name": "...", "model_version": "auto" | 3, "features": {"Air_temperature_K": 300.1, ...}}.</summary>
public sealed class PredictRequest
{
    [JsonPropertyName("model_name")]
    public string? ModelName { get; set; }

    /// <summary>"auto" (production), a number, or a numeric string. Absent = auto.</summary>
    [JsonPropertyName("model_version")]
    public JsonElement ModelVersion { get; set; }

    [JsonPropertyName("features")]
    public Dictionary<string, JsonElement>? Features { get; set; }
}

public sealed record PredictResponse(
    [property: JsonPropertyName("prediction")] int Prediction,
    [property: JsonPropertyName("failure_probability")] double FailureProbability,
    [property: JsonPropertyName("threshold")] double Threshold,
    [property: JsonPropertyName("failure_mode_probabilities")] IReadOnlyDictionary<string, double> FailureModeProbabilities,
    [property: JsonPropertyName("top_contributions")] IReadOnlyList<ContributionDto> TopContributions,
    [property: JsonPropertyName("model_name")] string ModelName,
    [property: JsonPropertyName("model_version")] int ModelVersion,
    [property: JsonPropertyName("latency_ms")] double LatencyMs)
{
    /// <summary>True when failure_probability went through the model's calibration map (fitted on held-out scores).</summary>
    [JsonPropertyName("calibrated")]
    public bool Calibrated { get; init; }

    /// <summary>With ?explain=true: base_value + Σ contributions = output, in space; null otherwise.</summary>
    [JsonPropertyName("explanation")]
    public ExplanationDto? Explanation { get; init; }
}

public sealed record ExplanationDto(
    [property: JsonPropertyName("space")] string Space,
    [property: JsonPropertyName("base_value")] double BaseValue,
    [property: JsonPropertyName("output")] double Output,
    [property: JsonPropertyName("probability")] double Probability,
    [property: JsonPropertyName("contributions")] IReadOnlyList<ContributionDto> Contributions);

public sealed record ContributionDto(
    [property: JsonPropertyName("feature")] string Feature,
    [property: JsonPropertyName("value")] double Value,
    [property: JsonPropertyName("baseline")] double Baseline,
    [property: JsonPropertyName("contribution")] double Contribution)
{
    public static ContributionDto Of(SmartMaintenance.Cloud.Ml.Prediction.FeatureContribution c) => new(c.Feature, c.Value, c.Baseline, c.Contribution);
}

public sealed record RetrainRequest([property: JsonPropertyName("model_name")] string? ModelName, [property: JsonPropertyName("reason")] string? Reason);
