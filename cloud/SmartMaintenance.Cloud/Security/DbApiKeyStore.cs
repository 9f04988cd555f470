using System.Data.Common;
using SmartMaintenance.Cloud.Storage;

namespace SmartMaintenance.Cloud.Security;

/// <summary>API keys in portable SQL over a <see cref="DbDataSource"/> (PostgreSQL or SQLite).</summary>
internal sealed class DbApiKeyStore(DbDataSource dataSource) : IApiKeyStore
{
    private const string Select = "SELECT id, name, key_hash, scopes, created_at, revoked_at FROM api_keys";

    public async Task<bool> CreateAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Db.Command(connection, """
            INSERT INTO api_keys (id, name, key_hash, scopes, created_at) VALUES (@id, @name, @hash, @scopes, @at)
            ON CONFLICT (name) DO NOTHING
            """, ("id", key.Id), ("name", key.Name), ("hash", key.KeyHash), ("scopes", string.Join(',', key.Scopes)), ("at", key.CreatedAt));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<ApiKeyRecord?> FindActiveAsync(string keyHash, CancellationToken cancellationToken)
    {
        var list = await QueryAsync(Select + " WHERE key_hash = @hash AND revoked_at IS NULL", [("hash", keyHash)], cancellationToken);
        return list.Count == 0 ? null : list[0];
    }

    public Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken) =>
        QueryAsync(Select + " ORDER BY created_at, name", [], cancellationToken);

    public async Task<bool> RevokeAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Db.Command(connection, "UPDATE api_keys SET revoked_at = @at WHERE id = @id AND revoked_at IS NULL",
            ("at", now), ("id", id));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private async Task<IReadOnlyList<ApiKeyRecord>> QueryAsync(string sql, (string, object?)[] parameters, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Db.Command(connection, sql, parameters);
        var list = new List<ApiKeyRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new ApiKeyRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2),
                reader.GetString(3).Split(',', StringSplitOptions.RemoveEmptyEntries), reader.Time(4), reader.NullableTime(5)));
        }

        return list;
    }
}
