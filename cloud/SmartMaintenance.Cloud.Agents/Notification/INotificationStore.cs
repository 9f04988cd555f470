using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Notification;

public sealed record NotificationRecord(long Id, string EventId, string Channel, string Kind, string DeviceId, string CorrelationId,
    NotificationStatus Status, int Attempts, string? Error, string Message, DateTimeOffset CreatedAt);

/// <summary>Delivery status per (event, channel); recording the same pair twice keeps the first.</summary>
public interface INotificationStore
{
    /// <summary>Returns false when this event was already recorded on this channel.</summary>
    Task<bool> AddAsync(NotificationRecord record, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(string eventId, string channel, CancellationToken cancellationToken);

    Task<IReadOnlyList<NotificationRecord>> ListAsync(int limit, CancellationToken cancellationToken);
}
