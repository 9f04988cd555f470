using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Scheduling;

/// <summary>
/// Agent 6: FailurePredicted -> maintenance order + MaintenanceScheduled (Scheduled in a slot, or Unscheduled with
/// the reason). Predictions below MinRisk, and repeats for a device/sensor with a recent order, create nothing.
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
        if (await orders.RecentExistsAsync(@event.DeviceId, @event.SensorId, now - _options.OpenOrderWindow, @event.EventId, cancellationToken))
        {
            return;
        }

        var skill = _options.SkillBySensorType.TryGetValue(@event.SensorType, out var s) ? s : _options.DefaultSkill;
        var busy = await orders.BusyAsync(now, now + _options.Horizon + _options.OrderDuration, cancellationToken);
        var slot = SlotFinder.Find(_options, skill, now, @event.PredictedFailureAt, busy);
        var (order, _) = await orders.AddAsync(new MaintenanceOrder(0, @event.EventId, @event.CorrelationId, @event.DeviceId,
            @event.SensorId, slot.Scheduled ? MaintenanceStatus.Scheduled : MaintenanceStatus.Unscheduled,
            SchedulingOptions.PriorityOf(@event.Risk), @event.Risk, slot.Technician, slot.Start, slot.End,
            @event.PredictedFailureAt, slot.Note, now), cancellationToken);
        await bus.PublishAsync(new MaintenanceScheduled(@event.Meta.Next("order", now), order.Id, order.SensorId, order.Status,
            order.Priority, order.Technician, order.Start, order.End, order.Note), cancellationToken);
    }
}
