using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace SmartMaintenance.Cloud.Agents.Notification;

/// <summary>JSON POST with a Slack-compatible body: "text" (fallback) plus one mrkdwn section block.</summary>
internal sealed class WebhookChannel(IHttpClientFactory clients, IOptions<NotificationOptions> options) : INotificationChannel
{
    public const string ClientName = "agents-webhook";

    public string Name => "webhook";

    public bool Enabled => !string.IsNullOrWhiteSpace(options.Value.WebhookUrl);

    public async Task SendAsync(NotificationMessage m, CancellationToken cancellationToken)
    {
        var text = $"*{m.Title}*\n{m.Body}\n_device {m.DeviceId} · correlation {m.CorrelationId}_";
        var body = new
        {
            text,
            blocks = new object[] { new { type = "section", text = new { type = "mrkdwn", text } } },
        };
        using var response = await clients.CreateClient(ClientName).PostAsJsonAsync(options.Value.WebhookUrl, body, cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}
