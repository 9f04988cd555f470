using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Notification;

namespace SmartMaintenance.Cloud.Agents.Storage;

internal sealed class DbNotificationStore(AgentDatabase database) : INotificationStore
{
    public async Task<bool> AddAsync(NotificationRecord n, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            INSERT INTO agent_notifications (event_id, channel, kind, device_id, correlation_id, status, attempts, error, message, created_at_ms)
            VALUES (@e, @ch, @k, @d, @c, @s, @a, @err, @m, @at) ON CONFLICT (event_id, channel) DO NOTHING
            """).With("@e", n.EventId).With("@ch", n.Channel).With("@k", n.Kind).With("@d", n.DeviceId).With("@c", n.CorrelationId)
            .With("@s", n.Status).With("@a", n.Attempts).With("@err", n.Error).With("@m", n.Message).With("@at", n.CreatedAt);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> ExistsAsync(string eventId, string channel, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT COUNT(*) FROM agent_notifications WHERE event_id = @e AND channel = @c")
            .With("@e", eventId).With("@c", channel);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken)) > 0;
    }

    public async Task<IReadOnlyList<NotificationRecord>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT id, event_id, channel, kind, device_id, correlation_id, status, attempts, error, message, created_at_ms
            FROM agent_notifications ORDER BY id DESC LIMIT @l
            """).With("@l", limit);
        return await command.ReadAllAsync(r => new NotificationRecord(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3),
            r.GetString(4), r.GetString(5), Enum.Parse<NotificationStatus>(r.GetString(6)), r.GetInt32(7), r.NullableString(8),
            r.GetString(9), r.Time(10)), cancellationToken);
    }
}
