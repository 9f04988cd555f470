using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Scheduling;

public sealed record MaintenanceOrder(long Id, string SourceEventId, string CorrelationId, string DeviceId, string SensorId,
    MaintenanceStatus Status, string Priority, double Risk, string? Technician, DateTimeOffset? Start, DateTimeOffset? End,
    DateTimeOffset? PredictedFailureAt, string Note, DateTimeOffset CreatedAt, long? IncidentId = null, string? Finding = null);

/// <summary>Maintenance orders; one per source prediction (AddAsync returns the existing order on a repeat).</summary>
public interface IMaintenanceOrderStore
{
    Task<(MaintenanceOrder Order, bool Created)> AddAsync(MaintenanceOrder order, CancellationToken cancellationToken);

    Task<MaintenanceOrder?> GetAsync(long id, CancellationToken cancellationToken);

    Task<IReadOnlyList<MaintenanceOrder>> ListAsync(DateTimeOffset? from, DateTimeOffset? to, string? deviceId, int limit,
        CancellationToken cancellationToken);

    /// <summary>Scheduled orders overlapping [from, to), for the busy calendar.</summary>
    Task<IReadOnlyList<BusyInterval>> BusyAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>
    /// Orders with a slot that ends after <paramref name="from"/> (still to do or under way), earliest start first:
    /// what is really scheduled, whenever the order was created.
    /// </summary>
    Task<IReadOnlyList<MaintenanceOrder>> UpcomingAsync(DateTimeOffset from, string? deviceId, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Moves an order from one state to the next (compare-and-set: false when the order is not in <paramref name="from"/>
    /// any more, e.g. two people pressed the button at once).
    /// </summary>
    Task<bool> UpdateStatusAsync(long id, MaintenanceStatus from, MaintenanceStatus to, CancellationToken cancellationToken);

    /// <summary>
    /// In progress -> Done with what the technician found (null: nothing written). Compare-and-set like
    /// <see cref="UpdateStatusAsync"/>: false when the order is not in progress.
    /// </summary>
    Task<bool> CompleteAsync(long id, string? finding, CancellationToken cancellationToken);

    /// <summary>Gives a scheduled order another slot (or none: technician and times null, status Unscheduled) with a new note.</summary>
    Task RescheduleAsync(long id, SlotDecision slot, CancellationToken cancellationToken);

    /// <summary>
    /// True when an order for the device (and sensor, unless null: any sensor of the machine), from another prediction,
    /// was created at or after since.
    /// </summary>
    Task<bool> RecentExistsAsync(string deviceId, string? sensorId, DateTimeOffset since, string exceptSourceEventId,
        CancellationToken cancellationToken);

    /// <summary>True when an order for the machine incident exists from another prediction (one order per incident).</summary>
    Task<bool> ExistsForIncidentAsync(long incidentId, string exceptSourceEventId, CancellationToken cancellationToken);
}
