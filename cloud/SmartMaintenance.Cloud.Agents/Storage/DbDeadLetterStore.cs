using System.Data.Common;
using SmartMaintenance.Cloud.Agents.Bus;

namespace SmartMaintenance.Cloud.Agents.Storage;

internal sealed class DbDeadLetterStore(AgentDatabase database) : IDeadLetterStore
{
    private const string Columns =
        "id, subscription, event_type, event_id, correlation_id, device_id, payload, error, attempts, failed_at_ms, replayed_at_ms";

    public async Task AddAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            INSERT INTO agent_dead_letters (subscription, event_type, event_id, correlation_id, device_id, payload, error, attempts, failed_at_ms)
            VALUES (@s, @t, @e, @c, @d, @p, @err, @a, @f)
            """)
            .With("@s", letter.Subscription).With("@t", letter.EventType).With("@e", letter.EventId)
            .With("@c", letter.CorrelationId).With("@d", letter.DeviceId).With("@p", letter.Payload)
            .With("@err", letter.Error).With("@a", letter.Attempts).With("@f", letter.FailedAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(bool includeReplayed, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var where = includeReplayed ? "" : "WHERE replayed_at_ms IS NULL";
        await using var command = connection.Command($"SELECT {Columns} FROM agent_dead_letters {where} ORDER BY id LIMIT @l")
            .With("@l", limit);
        return await command.ReadAllAsync(Map, cancellationToken);
    }

    public async Task<DeadLetter?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command($"SELECT {Columns} FROM agent_dead_letters WHERE id = @id").With("@id", id);
        return (await command.ReadAllAsync(Map, cancellationToken)).FirstOrDefault();
    }

    public async Task<bool> MarkReplayedAsync(long id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "UPDATE agent_dead_letters SET replayed_at_ms = @at WHERE id = @id AND replayed_at_ms IS NULL")
            .With("@at", at).With("@id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static DeadLetter Map(DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6),
        r.GetString(7), r.GetInt32(8), r.Time(9), r.NullableTime(10));
}
