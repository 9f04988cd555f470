using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace SmartMaintenance.EndToEnd.Bench;

/// <summary>
/// Finds when readings become committed rows: every PollMs it reads the rows with an id above the last one seen
/// (the cloud's single writer assigns ids in commit order, so the keyset misses nothing) and stamps them with the
/// time the query started. The row was committed before that snapshot and after the previous one started, so a
/// latency is an upper bound, high by at most one poll interval plus one query.
/// </summary>
public sealed class CommitPoller : IAsyncDisposable
{
    private readonly NpgsqlDataSource _source;
    private readonly PublishLog _log;
    private readonly RateSeries _committed;
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(long PublishedAt, float Ms)> _latencies = new(1 << 20);
    private readonly Task _loop;
    private long _lastId;
    private long _rows;
    private long _unmatched;
    private long _lastCommitTimestamp;

    public CommitPoller(string connectionString, PublishLog log, RateSeries committed, TimeSpan interval)
    {
        _source = NpgsqlDataSource.Create(connectionString);
        _log = log;
        _committed = committed;
        _interval = interval;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Rows seen so far (all of them, duplicates and foreign rows included).</summary>
    public long Rows => Interlocked.Read(ref _rows);

    /// <summary>Rows that are not the first sighting of a reading this run published (none expected).</summary>
    public long Unmatched => Interlocked.Read(ref _unmatched);

    /// <summary>Surfaces a failed poll (e.g. PostgreSQL went away) instead of silently stopping the clock.</summary>
    public void ThrowIfFailed()
    {
        if (_loop.IsFaulted)
        {
            _loop.GetAwaiter().GetResult();
        }
    }

    public long LastCommitTimestamp => Interlocked.Read(ref _lastCommitTimestamp);

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            await PollOnceAsync(started);
            var wait = _interval - Stopwatch.GetElapsedTime(started);
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, _stop.Token);
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    private async Task PollOnceAsync(long started)
    {
        await using var command = _source.CreateCommand("""
            SELECT id, device_id, sequence FROM readings WHERE id > $1 ORDER BY id LIMIT 200000
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = _lastId });
        await using var reader = await command.ExecuteReaderAsync();
        long count = 0;
        var batch = new List<(long, float)>();
        while (await reader.ReadAsync())
        {
            _lastId = reader.GetInt64(0);
            count++;
            var device = reader.IsDBNull(1) ? null : reader.GetString(1);
            var publishedAt = device is not null && device.StartsWith("dev-", StringComparison.Ordinal)
                && int.TryParse(device.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var d) && !reader.IsDBNull(2)
                ? _log.Committed(d, reader.GetInt64(2))
                : null;
            if (publishedAt is { } at)
            {
                batch.Add((at, (float)Stopwatch.GetElapsedTime(at, started).TotalMilliseconds));
            }
            else
            {
                Interlocked.Increment(ref _unmatched);
            }
        }

        if (count > 0)
        {
            lock (_latencies)
            {
                _latencies.AddRange(batch);
            }

            _committed.Add(started, count);
            Interlocked.Add(ref _rows, count);
            Interlocked.Exchange(ref _lastCommitTimestamp, started);
        }
    }

    /// <summary>Publish-to-commit latencies (ms, sorted) of the readings published between two timestamps.</summary>
    public float[] Latencies(long publishedFrom, long publishedTo)
    {
        lock (_latencies)
        {
            var selected = _latencies.Where(l => l.PublishedAt >= publishedFrom && l.PublishedAt < publishedTo).Select(l => l.Ms).ToArray();
            Array.Sort(selected);
            return selected;
        }
    }

    /// <summary>The exact check, straight from the table: all rows, distinct (device, sequence) pairs.</summary>
    public async Task<(long Rows, long Distinct)> CountAsync()
    {
        await using var command = _source.CreateCommand("SELECT count(*), count(DISTINCT (device_id, sequence)) FROM readings");
        // No timeout: after a one-hour soak the table holds 18 million rows and the distinct count takes minutes
        // (the default 30 s aborted the 2026-12-05 soak after its hour, before it printed its figures).
        command.CommandTimeout = 0;
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        await _source.DisposeAsync();
        _stop.Dispose();
    }
}
