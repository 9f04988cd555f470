namespace SmartMaintenance.Cloud.Agents.Notification;

/// <summary>Cloud:Agents:Notification — channels, de-duplication, throttling and retries.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Cloud:Agents:Notification";

    /// <summary>Slack-compatible incoming webhook (JSON POST with "text"); empty = channel off.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>SMTP server host; empty = e-mail off. Password from the environment (Cloud__Agents__Notification__SmtpPassword).</summary>
    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 25;
    public bool SmtpStartTls { get; set; }
    public string? SmtpUser { get; set; }
    public string? SmtpPassword { get; set; }
    public string From { get; set; } = "smartmaintenance@localhost";
    public List<string> To { get; set; } = [];

    /// <summary>A second notification of the same (device, kind) within this window is suppressed.</summary>
    public TimeSpan DedupWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>At most this many deliveries per channel per minute; further ones are suppressed as throttled.</summary>
    public int MaxPerMinute { get; set; } = 30;

    /// <summary>Delivery attempts per channel, with doubling backoff from RetryBackoff.</summary>
    public int MaxAttempts { get; set; } = 3;
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Anomalies at or above this severity are notified (maintenance orders and drift always are).</summary>
    public string AnomalyMinSeverity { get; set; } = "High";

    public IEnumerable<string> Validate()
    {
        if (!string.IsNullOrWhiteSpace(WebhookUrl) && !Uri.TryCreate(WebhookUrl, UriKind.Absolute, out _))
            yield return "Cloud:Agents:Notification:WebhookUrl must be an absolute URL.";
        if (!string.IsNullOrWhiteSpace(SmtpHost) && To.Count == 0)
            yield return "Cloud:Agents:Notification:To needs at least one address when SmtpHost is set.";
        if (SmtpPort is < 1 or > 65535) yield return "Cloud:Agents:Notification:SmtpPort must be 1-65535.";
        if (MaxPerMinute < 1 || MaxAttempts < 1) yield return "Cloud:Agents:Notification: MaxPerMinute and MaxAttempts must be positive.";
        if (!Enum.TryParse<Events.AnomalySeverity>(AnomalyMinSeverity, true, out _))
            yield return "Cloud:Agents:Notification:AnomalyMinSeverity must be Low, Medium, High or Critical.";
    }
}
