using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Prediction;

/// <summary>Predictions made (for reports: how many, with which model); idempotent by event id.</summary>
public interface IPredictionStore
{
    Task AddAsync(FailurePredicted prediction, CancellationToken cancellationToken);

    /// <summary>
    /// The predictions made in [from, to) that <paramref name="include"/> keeps, given each one's device id and correlation
    /// id (a fleet report leaves the demo site's predictions out).
    /// </summary>
    Task<PredictionStats> StatsAsync(DateTimeOffset from, DateTimeOffset to, Func<string, string, bool> include, CancellationToken cancellationToken);
}

/// <summary>Predictions in a period: how many, how many from a model, mean risk and the model versions used.</summary>
public sealed record PredictionStats(long Count, long WithModel, double MeanRisk, IReadOnlyList<string> ModelVersions);
