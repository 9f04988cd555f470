using System.Diagnostics;
using System.Threading.Channels;

namespace SmartMaintenance.Cloud.Storage.WriteBehind;

/// <summary>
/// Group commit for readings. Appends queue here; one writer loop takes everything waiting (up to MaxBatchRows,
/// or whatever arrived within FlushInterval of the first) and writes it in one transaction. Each caller awaits the
/// flush that holds its rows, so the API can answer "stored" or "duplicate" truthfully and never acknowledges a
/// row that is not committed. One writer also means ids are committed in order, which keeps keyset pages stable;
/// across several cloud instances on one PostgreSQL database the writer's commit-order lock keeps that true
/// (PostgresReadingWriter).
/// </summary>
internal sealed partial class WriteBehindBuffer : IAsyncDisposable
{
    private readonly IReadingWriter _writer;
    private readonly StorageOptions _options;
    private readonly TimeProvider _time;
    private readonly StorageMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Channel<Pending> _queue;
    private readonly Task _loop;
    private readonly CancellationTokenSource _stopping = new();
    private long _queuedRows;

    public WriteBehindBuffer(IReadingWriter writer, StorageOptions options, TimeProvider time, StorageMetrics metrics, ILogger logger)
    {
        _writer = writer;
        _options = options;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(options.MaxQueuedAppends)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        metrics.ObserveQueue(() => Interlocked.Read(ref _queuedRows));
        _loop = Task.Run(RunAsync);
    }

    public long QueuedRows => Interlocked.Read(ref _queuedRows);

    public async Task<IReadOnlyList<AppendResult>> EnqueueAsync(IReadOnlyList<NewReading> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return [];
        }

        var pending = new Pending(rows);
        await _queue.Writer.WriteAsync(pending, cancellationToken);
        Interlocked.Add(ref _queuedRows, rows.Count);
        // The caller may stop waiting, but its rows are already queued and will be written.
        return await pending.Completion.Task.WaitAsync(cancellationToken);
    }

    private async Task RunAsync()
    {
        var batch = new List<Pending>();
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(CancellationToken.None))
            {
                var rows = Collect(reader, batch, 0);
                if (rows < _options.MaxBatchRows && _options.FlushInterval > TimeSpan.Zero)
                {
                    rows = await WaitForMoreAsync(reader, batch, rows);
                }

                await FlushAsync(batch, rows);
                batch.Clear();
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogLoopFailed(_logger, ex);
            throw;
        }
    }

    private int Collect(ChannelReader<Pending> reader, List<Pending> batch, int rows)
    {
        while (rows < _options.MaxBatchRows && reader.TryRead(out var next))
        {
            batch.Add(next);
            rows += next.Rows.Count;
        }

        return rows;
    }

    private async Task<int> WaitForMoreAsync(ChannelReader<Pending> reader, List<Pending> batch, int rows)
    {
        using var window = new CancellationTokenSource(_options.FlushInterval, _time);
        try
        {
            while (rows < _options.MaxBatchRows && await reader.WaitToReadAsync(window.Token))
            {
                rows = Collect(reader, batch, rows);
            }
        }
        catch (OperationCanceledException) when (window.IsCancellationRequested)
        {
            // The window closed: flush what we have.
        }

        return rows;
    }

    private async Task FlushAsync(List<Pending> batch, int rowCount)
    {
        var rows = new List<NewReading>(rowCount);
        foreach (var p in batch)
        {
            rows.AddRange(p.Rows);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            var results = await _writer.WriteAsync(rows, _stopping.Token);
            _metrics.Flushed(rows.Count, Stopwatch.GetElapsedTime(started));
            var offset = 0;
            foreach (var p in batch)
            {
                p.Completion.TrySetResult(new ArraySegment<AppendResult>(results, offset, p.Rows.Count));
                offset += p.Rows.Count;
            }
        }
        catch (Exception ex)
        {
            // Nothing is acknowledged: every caller of this flush gets the error (the API answers 503 and the
            // broker retries the batch; idempotency keys make the retry safe).
            _metrics.FlushFailed();
            LogFlushFailed(_logger, rows.Count, ex);
            foreach (var p in batch)
            {
                p.Completion.TrySetException(ex);
            }
        }
        finally
        {
            Interlocked.Add(ref _queuedRows, -rowCount);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Drain: rows already accepted into the queue are written before the writer closes.
        _queue.Writer.TryComplete();
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            await _stopping.CancelAsync();
        }

        await _writer.DisposeAsync();
        _stopping.Dispose();
    }

    private sealed class Pending(IReadOnlyList<NewReading> rows)
    {
        public IReadOnlyList<NewReading> Rows { get; } = rows;

        public TaskCompletionSource<IReadOnlyList<AppendResult>> Completion { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Write-behind flush of {Rows} readings failed; the callers were told")]
    private static partial void LogFlushFailed(ILogger logger, int rows, Exception exception);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Write-behind loop stopped")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);
}
