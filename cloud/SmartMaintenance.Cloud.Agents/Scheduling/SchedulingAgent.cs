using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Scheduling;

/// <summary>
/// Agent 6: FailurePredicted -> maintenance order + MaintenanceScheduled (Scheduled in a slot, or Unscheduled with
/// the reason). One order per machine incident: a prediction for an incident that already has an order (its
/// escalation) creates nothing. A prediction of no incident (the periodic trend forecast) creates nothing when the
/// machine had any order within OpenOrderWindow. Predictions below MinRisk create nothing.
/// Priority counts: when a slot held by a lower-priority order that is only Scheduled (not approved or started)
/// comes earlier than the first free slot, the new order takes it and the lower order moves to its technician's
/// next free slot (or becomes Unscheduled with the reason).
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
        var priority = SchedulingOptions.PriorityOf(@event.Risk);
        var busy = await orders.BusyAsync(now, now + _options.Horizon + _options.OrderDuration, cancellationToken);
        var (slot, displaced) = SlotWithPriority(skill, priority, now, @event.PredictedFailureAt, busy);

        // A failure date already behind us is not a prediction a person can act on: the order keeps none (the note
        // says the date was past, and the slot is the next available one).
        var predicted = @event.PredictedFailureAt is { } p && p > now ? p : (DateTimeOffset?)null;
        var (order, created) = await orders.AddAsync(new MaintenanceOrder(0, @event.EventId, @event.CorrelationId, @event.DeviceId,
            @event.SensorId, slot.Scheduled ? MaintenanceStatus.Scheduled : MaintenanceStatus.Unscheduled,
            priority, @event.Risk, slot.Technician, slot.Start, slot.End, predicted, slot.Note, now, @event.IncidentId), cancellationToken);
        if (created && displaced.Count > 0)
        {
            await MoveAsync(order, displaced, now, cancellationToken);
        }

        await bus.PublishAsync(new MaintenanceScheduled(@event.Meta.Next("order", now), order.Id, order.SensorId, order.Status,
            order.Priority, order.Technician, order.Start, order.End, order.Note), cancellationToken);
    }

    /// <summary>
    /// The first free slot, or an earlier one held only by movable orders of lower priority (P1 before P2 ...); the
    /// second answer lists the orders that must then move.
    /// </summary>
    private (SlotDecision Slot, IReadOnlyList<BusyInterval> Displaced) SlotWithPriority(string skill, string priority, DateTimeOffset now,
        DateTimeOffset? predictedFailure, IReadOnlyList<BusyInterval> busy)
    {
        var free = SlotFinder.Find(_options, skill, now, predictedFailure, busy);
        var fixedOnly = busy.Where(b => !(b.Movable && Lower(b.Priority, priority))).ToList();
        if (fixedOnly.Count == busy.Count)
        {
            return (free, []);
        }

        var preempt = SlotFinder.Find(_options, skill, now, predictedFailure, fixedOnly);
        if (!preempt.Scheduled || (free.Scheduled && free.Start <= preempt.Start))
        {
            return (free, []);
        }

        var displaced = busy.Where(b => b.Movable && Lower(b.Priority, priority) && b.Technician == preempt.Technician
            && b.Start < preempt.End && preempt.Start < b.End).ToList();
        return (preempt, displaced);
    }

    /// <summary>Each displaced order goes to its technician's next free slot after the new order's, lowest priority last.</summary>
    private async Task MoveAsync(MaintenanceOrder winner, IReadOnlyList<BusyInterval> displaced, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var busy = (await orders.BusyAsync(now, now + _options.Horizon + _options.OrderDuration, cancellationToken)).ToList();
        foreach (var moved in displaced.OrderBy(d => d.Priority, StringComparer.Ordinal).ThenBy(d => d.Start))
        {
            busy.RemoveAll(b => b.OrderId == moved.OrderId);
            var slot = SlotFinder.Find(_options, SkillOf(moved.Technician), now, moved.PredictedFailureAt, busy, moved.Technician);
            slot = slot with { Note = $"moved for {winner.Priority} order {winner.Id}; " + slot.Note };
            await orders.RescheduleAsync(moved.OrderId, slot, cancellationToken);
            if (slot.Scheduled)
            {
                busy.Add(new BusyInterval(slot.Technician!, slot.Start!.Value, slot.End!.Value, moved.OrderId, moved.Priority, true));
            }
        }
    }

    /// <summary>The moved order stays with its technician (who has its skill): any one of their skills matches them.</summary>
    private string SkillOf(string technician) =>
        _options.Crew.FirstOrDefault(t => t.Name == technician)?.Skills.FirstOrDefault() ?? _options.DefaultSkill;

    /// <summary>True when priority a is less urgent than b ("P3" after "P1"); an unknown label is least urgent.</summary>
    private static bool Lower(string? a, string b) => a is null || string.CompareOrdinal(a, b) > 0;
}
