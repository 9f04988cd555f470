namespace SmartMaintenance.Cloud.Agents.Bus;

/// <summary>An event a handler could not process after every attempt, with the last error.</summary>
public sealed record DeadLetter(
    long Id,
    string Subscription,
    string EventType,
    string EventId,
    string CorrelationId,
    string DeviceId,
    string Payload,
    string Error,
    int Attempts,
    DateTimeOffset FailedAt,
    DateTimeOffset? ReplayedAt);

public interface IDeadLetterStore
{
    Task AddAsync(DeadLetter letter, CancellationToken cancellationToken);

    Task<IReadOnlyList<DeadLetter>> ListAsync(bool includeReplayed, int limit, CancellationToken cancellationToken);

    Task<DeadLetter?> GetAsync(long id, CancellationToken cancellationToken);

    /// <summary>Marks the letter replayed; false when it was already replayed (a second replay does nothing).</summary>
    Task<bool> MarkReplayedAsync(long id, DateTimeOffset at, CancellationToken cancellationToken);
}
