using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SmartMaintenance.Cloud.Agents.Storage;

namespace SmartMaintenance.Cloud.Agents.Acquisition;

/// <summary>
/// The acquisition lease on PostgreSQL: a session-level advisory lock (pg_try_advisory_lock) held on a dedicated,
/// unpooled connection. PostgreSQL releases such a lock only when the session ends, so the lock is held exactly as long
/// as the connection lives: a kill -9 of the leader closes its socket, the server ends the session at once and a
/// follower gets the lock at its next try (AcquisitionOptions.LeaseRetryInterval). The cursor is read and written on
/// that same connection, so a leader whose session was ended cannot move the cursor any more: its next cursor access
/// fails, it drops the lease and becomes a follower; a page it published meanwhile is re-published by the new leader
/// from the persisted cursor, with the same derived event ids (JetStream drops them by Nats-Msg-Id).
/// Used by the acquisition loop only (one caller at a time); <see cref="IsLeader"/> may be read from any thread.
/// </summary>
public sealed partial class PostgresAcquisitionLease(AgentDatabase database, IOptions<AcquisitionOptions> options,
    ILogger<PostgresAcquisitionLease> logger) : IAcquisitionLease
{
    private readonly long _key = options.Value.LeaseKey;
    private NpgsqlConnection? _connection;
    private volatile bool _leader;
    private long _takeovers;

    public bool IsLeader => _leader;

    public long Takeovers => Interlocked.Read(ref _takeovers);

    public async Task<bool> TryHoldAsync(CancellationToken cancellationToken)
    {
        if (_leader)
        {
            return true;
        }

        var connection = await ConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", _key);
        if (await GuardAsync(() => command.ExecuteScalarAsync(cancellationToken)) is not true)
        {
            return false;
        }

        _leader = true;
        Interlocked.Increment(ref _takeovers);
        return true;
    }

    public async Task<long?> ReadCursorAsync(CancellationToken cancellationToken)
    {
        var connection = Held();
        await using var command = new NpgsqlCommand("SELECT position FROM agent_cursors WHERE name = @name", connection);
        command.Parameters.AddWithValue("name", DataAcquisitionAgent.CursorName);
        var value = await GuardAsync(() => command.ExecuteScalarAsync(cancellationToken));
        return value is null or DBNull ? null : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task AdvanceCursorAsync(long position, CancellationToken cancellationToken)
    {
        var connection = Held();
        await using var command = new NpgsqlCommand("""
            INSERT INTO agent_cursors (name, position) VALUES (@name, @position)
            ON CONFLICT (name) DO UPDATE SET position = excluded.position
            """, connection);
        command.Parameters.AddWithValue("name", DataAcquisitionAgent.CursorName);
        command.Parameters.AddWithValue("position", position);
        await GuardAsync(async () => await command.ExecuteNonQueryAsync(cancellationToken));
    }

    /// <summary>Closing the connection ends the session and so releases the lock (a follower takes over at its next try).</summary>
    public async ValueTask DisposeAsync() => await DropAsync();

    private NpgsqlConnection Held() =>
        _leader && _connection is { } connection ? connection : throw new InvalidOperationException("This instance does not hold the acquisition lease.");

    private async Task<NpgsqlConnection> ConnectionAsync(CancellationToken cancellationToken) =>
        _connection ??= await database.OpenDedicatedPostgresAsync(cancellationToken);

    /// <summary>
    /// Runs a statement on the lease connection; any failure but cancellation drops the connection (and with it the
    /// lease): whether the session survived is unknown, and a leader that is not sure must not go on moving the cursor.
    /// </summary>
    private async Task<T> GuardAsync<T>(Func<Task<T>> statement)
    {
        try
        {
            return await statement();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var wasLeader = _leader;
            await DropAsync();
            if (wasLeader)
            {
                LogLeaseLost(logger, _key, ex.Message);
            }

            throw;
        }
    }

    private async Task DropAsync()
    {
        _leader = false;
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the acquisition lease (advisory lock {Key}): {Reason}; this instance is a follower now")]
    private static partial void LogLeaseLost(ILogger logger, long key, string reason);
}
