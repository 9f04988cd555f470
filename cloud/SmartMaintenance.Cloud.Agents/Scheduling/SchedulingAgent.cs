using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Scheduling;

/// <summary>
/// Agent 6: FailurePredicted -> maintenance order + MaintenanceScheduled (Scheduled in a slot, or Unscheduled with
/// the reason). One order per machine incident: a prediction for an incident that already has an order (its
/// escalation) creates nothing. A prediction of no incident (the periodic trend forecast) creates nothing when the
/// machine had any order within OpenOrderWindow. Predictions below MinRisk create nothing.
/// </summary>
public sealed class SchedulingAgent(IEventBus bus, IMaintenanceOrderStore orders, TimeProvider time, IOptions<SchedulingOptions> options)
    : IEventHandler<FailurePredicted>
{
    private readonly SchedulingOptions _options = options.Value;

    public async Task HandleAsync(FailurePredicted @event, CancellationToken cancellationToken)
    {
        if (@event.Risk < _options.MinRisk)
        {
            return;
        }

        var now = time.GetUtcNow();
        var repeat = @event.IncidentId is { } incident
            ? await orders.ExistsForIncidentAsync(incident, @event.EventId, cancellationToken)
            : await orders.RecentExistsAsync(@event.DeviceId, null, now - _options.OpenOrderWindow, @event.EventId, cancellationToken);
        if (repeat)
        {
            return;
        }

        var skill = _options.SkillBySensorType.TryGetValue(@event.SensorType, out var s) ? s : _options.DefaultSkill;
        var busy = await orders.BusyAsync(now, now + _options.Horizon + _options.OrderDuration, cancellationToken);
        var slot = SlotFinder.Find(_options, skill, now, @event.PredictedFailureAt, busy);
        var (order, _) = await orders.AddAsync(new MaintenanceOrder(0, @event.EventId, @event.CorrelationId, @event.DeviceId,
            @event.SensorId, slot.Scheduled ? MaintenanceStatus.Scheduled : MaintenanceStatus.Unscheduled,
            SchedulingOptions.PriorityOf(@event.Risk), @event.Risk, slot.Technician, slot.Start, slot.End,
            @event.PredictedFailureAt, slot.Note, now, @event.IncidentId), cancellationToken);
        await bus.PublishAsync(new MaintenanceScheduled(@event.Meta.Next("order", now), order.Id, order.SensorId, order.Status,
            order.Priority, order.Technician, order.Start, order.End, order.Note), cancellationToken);
    }
}
