namespace SmartMaintenance.Cloud.Agents.DriftDetection;

/// <summary>
/// Port to the ML side: "consider retraining". The host adapts it to the model registry's retraining when that
/// exists; until then the default only records the request (RetrainRequests counts them).
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
