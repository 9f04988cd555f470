namespace SmartMaintenance.Cloud.Agents.Prediction;

/// <summary>
/// Port to the remaining-useful-life model (issue 17): estimates a machine's RUL from its stored cycles up to a time
/// and keeps the estimate as the machine's latest. The host adapts it to the ML side (Cloud/Ml/RulEstimator.cs);
/// without one (agents alone) there is no RUL. Returns a one-line basis ("RUL 87 cycles [66, 104] ..."), or why none
/// was made (no production RUL model, too few cycles); never throws for those.
/// </summary>
public interface IRulEstimator
{
    Task<string> EstimateAsync(string deviceId, DateTimeOffset upTo, CancellationToken cancellationToken);
}

internal sealed class NoRulEstimator : IRulEstimator
{
    public Task<string> EstimateAsync(string deviceId, DateTimeOffset upTo, CancellationToken cancellationToken) =>
        Task.FromResult("no RUL model in this host");
}
