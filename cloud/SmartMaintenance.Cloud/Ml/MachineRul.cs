using System.Text.Json.Serialization;

namespace SmartMaintenance.Cloud.Ml;

/// <summary>
/// A machine's latest remaining-useful-life estimate: Rul cycles, between Low and High about IntervalCoverage of the
/// time (the model card's held-out residual bands); Cap: an estimate near it means "at least about Cap". CycleAt is
/// the reading time of the last cycle used, CyclesSeen how many cycles of the machine the model read.
/// </summary>
public sealed record MachineRul(
    [property: JsonPropertyName("device_id")] string DeviceId,
    [property: JsonPropertyName("rul")] double Rul,
    [property: JsonPropertyName("low")] double Low,
    [property: JsonPropertyName("high")] double High,
    [property: JsonPropertyName("interval_coverage")] double IntervalCoverage,
    [property: JsonPropertyName("cap")] int Cap,
    [property: JsonPropertyName("cycles_seen")] int CyclesSeen,
    [property: JsonPropertyName("cycle_at")] DateTimeOffset CycleAt,
    [property: JsonPropertyName("estimated_at")] DateTimeOffset EstimatedAt,
    [property: JsonPropertyName("model_name")] string ModelName,
    [property: JsonPropertyName("model_version")] int ModelVersion)
{
    /// <summary>Within 5 % of the cap: the model cannot tell more apart, so the page says "at least about Cap".</summary>
    [JsonIgnore]
    public bool AtCap => Rul >= Cap * 0.95;
}
