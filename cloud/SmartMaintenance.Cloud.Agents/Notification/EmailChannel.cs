using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace SmartMaintenance.Cloud.Agents.Notification;

/// <summary>E-mail over SMTP with MailKit: one connection per message (notifications are rare after de-duplication).</summary>
internal sealed class EmailChannel(IOptions<NotificationOptions> options) : INotificationChannel
{
    public string Name => "email";

    public bool Enabled => !string.IsNullOrWhiteSpace(options.Value.SmtpHost);

    public async Task SendAsync(NotificationMessage m, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(o.From));
        foreach (var to in o.To)
        {
            message.To.Add(MailboxAddress.Parse(to));
        }

        message.Subject = $"[SmartMaintenance] {m.Title}";
        message.Body = new TextPart("plain") { Text = $"{m.Body}\r\n\r\nDevice: {m.DeviceId}\r\nCorrelation: {m.CorrelationId}\r\n" };
        using var client = new SmtpClient();
        client.Timeout = 15_000;
        await client.ConnectAsync(o.SmtpHost!, o.SmtpPort, o.SmtpStartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None,
            cancellationToken);
        if (!string.IsNullOrEmpty(o.SmtpUser))
        {
            await client.AuthenticateAsync(o.SmtpUser, o.SmtpPassword ?? "", cancellationToken);
        }

        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(true, cancellationToken);
    }
}
