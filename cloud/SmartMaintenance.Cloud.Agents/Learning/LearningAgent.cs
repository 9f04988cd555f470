using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Learning;

/// <summary>
/// Agent 9: IncidentResolved -> a knowledge-base entry. The anomaly agent queries the same knowledge base, so the
/// next anomaly with a similar signature arrives with this case attached.
/// </summary>
public sealed class LearningAgent(IKnowledgeBase knowledge) : IEventHandler<IncidentResolved>
{
    public Task HandleAsync(IncidentResolved @event, CancellationToken cancellationToken) =>
        knowledge.AddAsync(new Incident(0, @event.SensorType, @event.Signature, @event.Symptoms, @event.Cause, @event.Fix,
            @event.Meta.OccurredAt) { SourceEventId = @event.EventId }, cancellationToken);
}
