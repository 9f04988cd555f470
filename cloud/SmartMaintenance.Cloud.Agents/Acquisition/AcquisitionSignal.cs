namespace SmartMaintenance.Cloud.Agents.Acquisition;

/// <summary>Lets writers in this process wake data acquisition at once instead of waiting for the next poll.</summary>
public sealed class AcquisitionSignal
{
    private TaskCompletionSource _pending = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes the current wait; a notify that arrives before the wait makes the next wait return at once.</summary>
    public void Notify() => Volatile.Read(ref _pending).TrySetResult();

    /// <summary>Returns on a notify or when the timeout elapses (no exception for the timeout).</summary>
    internal async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var pending = Volatile.Read(ref _pending);
        try
        {
            await pending.Task.WaitAsync(timeout, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            return;
        }

        Interlocked.CompareExchange(ref _pending, new(TaskCreationOptions.RunContinuationsAsynchronously), pending);
    }
}
