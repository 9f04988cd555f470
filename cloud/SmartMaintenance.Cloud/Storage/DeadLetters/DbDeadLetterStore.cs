using System.Data.Common;

namespace SmartMaintenance.Cloud.Storage.DeadLetters;

/// <summary>Dead letters on either engine (portable SQL over a <see cref="DbDataSource"/>).</summary>
internal sealed class DbDeadLetterStore(DbDataSource dataSource, DeadLetterMetrics metrics) : IDeadLetterStore
{
    /// <summary>Payloads are cut here: a dead letter explains a refusal, it is not an archive of huge bodies.</summary>
    public const int MaxPayloadChars = 4096;

    public async Task AddAsync(IReadOnlyList<DeadLetter> letters, CancellationToken cancellationToken)
    {
        if (letters.Count == 0)
        {
            return;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var l in letters)
        {
            var payload = l.Payload is { Length: > MaxPayloadChars } p ? p[..MaxPayloadChars] : l.Payload;
            await using var command = Db.Command(connection,
                "INSERT INTO dead_letters (received_at, source, reason, payload) VALUES (@at, @source, @reason, @payload)",
                ("at", l.ReceivedAt), ("source", l.Source), ("reason", StorableText.Of(l.Reason)), ("payload", StorableText.Of(payload)));
            command.Transaction = transaction;
            await command.ExecuteNonQueryAsync(cancellationToken);
            metrics.DeadLettered(l.Source);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Db.Command(connection,
            "SELECT id, received_at, source, reason, payload FROM dead_letters ORDER BY id DESC LIMIT @limit", ("limit", limit));
        var list = new List<DeadLetter>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new DeadLetter(reader.Time(1), reader.GetString(2), reader.GetString(3), reader.NullableString(4), reader.GetInt64(0)));
        }

        return list;
    }
}
