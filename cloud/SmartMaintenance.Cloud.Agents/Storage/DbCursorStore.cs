namespace SmartMaintenance.Cloud.Agents.Storage;

/// <summary>Named positions (e.g. the last reading id data acquisition has published).</summary>
public interface ICursorStore
{
    Task<long?> GetAsync(string name, CancellationToken cancellationToken);

    Task SetAsync(string name, long position, CancellationToken cancellationToken);
}

internal sealed class DbCursorStore(AgentDatabase database) : ICursorStore
{
    public async Task<long?> GetAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT position FROM agent_cursors WHERE name = @n").With("@n", name);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? null : Convert.ToInt64(value);
    }

    public async Task SetAsync(string name, long position, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            INSERT INTO agent_cursors (name, position) VALUES (@n, @p)
            ON CONFLICT (name) DO UPDATE SET position = excluded.position
            """).With("@n", name).With("@p", position);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
