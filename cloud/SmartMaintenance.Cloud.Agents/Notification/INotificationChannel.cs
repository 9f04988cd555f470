namespace SmartMaintenance.Cloud.Agents.Notification;

/// <summary>What a notification says, whatever the channel.</summary>
public sealed record NotificationMessage(string Kind, string DeviceId, string CorrelationId, string Title, string Body);

/// <summary>One way out: webhook, e-mail, dashboard feed. SendAsync throws on a failed delivery (the agent retries).</summary>
public interface INotificationChannel
{
    string Name { get; }

    bool Enabled { get; }

    Task SendAsync(NotificationMessage message, CancellationToken cancellationToken);
}
