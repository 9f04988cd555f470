using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Notification;

/// <summary>
/// What a notification says, whatever the channel: Title and Body in English (what the channels send), and the same two as code and arguments
/// (NotificationTexts) for the dashboard to show in the reader's language.
/// </summary>
public sealed record NotificationMessage(string Kind, string DeviceId, string CorrelationId, string Title, string Body,
    AgentText? TitleText = null, AgentText? BodyText = null);

/// <summary>One way out: webhook, e-mail, dashboard feed. SendAsync throws on a failed delivery (the agent retries).</summary>
public interface INotificationChannel
{
    string Name { get; }

    bool Enabled { get; }

    Task SendAsync(NotificationMessage message, CancellationToken cancellationToken);
}
