using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Prediction;

/// <summary>Predictions made (for reports: how many, with which model); idempotent by event id.</summary>
public interface IPredictionStore
{
    Task AddAsync(FailurePredicted prediction, CancellationToken cancellationToken);

    Task<PredictionStats> StatsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}

/// <summary>Predictions in a period: how many, how many from a model, mean risk and the model versions used.</summary>
public sealed record PredictionStats(long Count, long WithModel, double MeanRisk, IReadOnlyList<string> ModelVersions);
