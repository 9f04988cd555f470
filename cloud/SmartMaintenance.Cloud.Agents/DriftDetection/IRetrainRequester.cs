namespace SmartMaintenance.Cloud.Agents.DriftDetection;

/// <summary>
/// Port to the ML side: "consider retraining". The cloud host adapts it to SmartMaintenance.Cloud.Ml's
/// RetrainingService (Agents/MlRetrainRequester.cs: challenger/champion is decided there); without a host the
/// default only counts the requests.
/// </summary>
public interface IRetrainRequester
{
    /// <summary>Returns true when the request was accepted by a retraining service.</summary>
    Task<bool> RequestAsync(string deviceId, string sensorId, string reason, CancellationToken cancellationToken);
}

internal sealed class RecordingRetrainRequester : IRetrainRequester
{
    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    public Task<bool> RequestAsync(string deviceId, string sensorId, string reason, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        return Task.FromResult(false);
    }
}
