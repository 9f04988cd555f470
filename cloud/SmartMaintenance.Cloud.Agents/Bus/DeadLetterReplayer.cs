namespace SmartMaintenance.Cloud.Agents.Bus;

public enum ReplayOutcome { Replayed, NotFound, AlreadyReplayed, UnknownSubscription }

/// <summary>Puts a dead-lettered event back on the queue of the one handler that failed it.</summary>
public sealed class DeadLetterReplayer(IDeadLetterStore store, PipelineDefinition pipeline, IEventTransport transport, TimeProvider time)
{
    public async Task<ReplayOutcome> ReplayAsync(long id, CancellationToken cancellationToken)
    {
        var letter = await store.GetAsync(id, cancellationToken);
        if (letter is null)
        {
            return ReplayOutcome.NotFound;
        }

        var subscription = pipeline.Find(letter.Subscription);
        if (subscription is null)
        {
            return ReplayOutcome.UnknownSubscription;
        }

        // Mark first: two concurrent replays of the same letter enqueue it once.
        if (!await store.MarkReplayedAsync(id, time.GetUtcNow(), cancellationToken))
        {
            return ReplayOutcome.AlreadyReplayed;
        }

        var @event = EventSerializer.Deserialize(letter.Payload, subscription.EventType);
        await transport.RequeueAsync(subscription, @event, $"replay-{id}", cancellationToken);
        return ReplayOutcome.Replayed;
    }
}
