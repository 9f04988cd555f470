using System.Threading.Channels;
using Microsoft.Extensions.Options;
using SmartMaintenance.EdgeBroker.Observability;

namespace SmartMaintenance.EdgeBroker.Outbox;

/// <summary>
/// Append-only store-and-forward log on local disk. One writer task appends records to the active segment and
/// completes a whole group of appends with one fsync (group commit), so many in-flight QoS 1 publishes share a
/// disk flush. The forwarder reads from its position and acknowledges what the cloud stored; fully forwarded
/// segments are deleted. Past the disk cap the oldest segments are dropped, counted, logged and alarmed.
/// Global append order is kept, so per-device order is kept.
/// </summary>
public sealed partial class DurableOutbox : IDisposable
{
    private readonly OutboxOptions _options;
    private readonly BrokerMetrics _metrics;
    private readonly ILogger<DurableOutbox> _logger;
    private readonly Channel<PendingAppend> _appends;
    private readonly Lock _gate = new();
    private readonly List<SegmentInfo> _segments;
    private readonly FileStream _lockFile;
    private readonly Task _writer;
    private readonly SemaphoreSlim _readable = new(0);
    private FileStream? _active;
    private OutboxPosition _committed;
    private OutboxPosition _cursor;
    private OutboxPosition _readPosition;
    private FileStream? _readStream;
    private long _readStreamSegment = -1;
    private long _pending;
    private long _bytes;
    private int _refusing;
    private Exception? _fault;

    public DurableOutbox(IOptions<OutboxOptions> options, BrokerMetrics metrics, ILogger<DurableOutbox> logger)
    {
        _options = options.Value;
        _metrics = metrics;
        _logger = logger;
        var directory = _options.Directory;
        System.IO.Directory.CreateDirectory(directory);
        // One broker per folder: two writers interleaving records would corrupt the log.
        _lockFile = new FileStream(Path.Combine(directory, "outbox.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        _segments = SegmentScanner.List(directory);
        Recover();
        var next = _segments.Count == 0 ? 1 : _segments[^1].Number + 1;
        _active = OpenSegment(next);
        _committed = new OutboxPosition(next, 0);
        PublishState();

        _appends = Channel.CreateBounded<PendingAppend>(new BoundedChannelOptions(65_536)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Records not yet acknowledged by the cloud.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    /// <summary>
    /// True while new telemetry must be refused (policy RefuseNew and the outbox at its refuse threshold): the cloud
    /// has not kept up, and accepting more would mean dropping readings already acknowledged.
    /// </summary>
    public bool RefusingNew => Volatile.Read(ref _refusing) == 1;

    /// <summary>Null while the outbox can write; the last write failure otherwise.</summary>
    public Exception? Fault => Volatile.Read(ref _fault);

    /// <summary>
    /// Queues a record. The returned ValueTask completes once the record is queued (waits only when 65,536 appends
    /// are already queued: back-pressure); its inner Task completes when the record is durable per the fsync policy.
    /// </summary>
    public ValueTask<Task> AppendAsync(byte[] payload, CancellationToken cancellationToken) =>
        AppendAsync(payload, null, 0, cancellationToken);

    /// <summary>
    /// As <see cref="AppendAsync(byte[], CancellationToken)"/>; if the write fails, <paramref name="onFailure"/>
    /// hears of it (with <paramref name="tag"/>) before the durability task fails, whoever is still waiting for it.
    /// </summary>
    public async ValueTask<Task> AppendAsync(byte[] payload, IAppendFailureListener? onFailure, long tag, CancellationToken cancellationToken)
    {
        var append = new PendingAppend(payload, onFailure, tag);
        if (!_appends.Writer.TryWrite(append))
        {
            await _appends.Writer.WriteAsync(append, cancellationToken);
        }

        return append.Durable.Task;
    }

    /// <summary>Waits until records past the read position may exist (or the timeout passes).</summary>
    public Task WaitReadableAsync(TimeSpan timeout, CancellationToken cancellationToken) => _readable.WaitAsync(timeout, cancellationToken);

    /// <summary>Reads up to <paramref name="max"/> durable records after the read position.</summary>
    public int Read(List<OutboxEntry> into, int max)
    {
        lock (_gate)
        {
            var read = 0;
            while (read < max)
            {
                var segment = FindSegmentAtOrAfter(_readPosition.Segment);
                if (segment is null)
                {
                    break;
                }

                if (segment.Number != _readPosition.Segment)
                {
                    _readPosition = new OutboxPosition(segment.Number, 0);
                }

                var end = segment.Number == _committed.Segment ? _committed.Offset : segment.Bytes;
                if (_readPosition.Offset >= end)
                {
                    if (segment.Number >= _committed.Segment)
                    {
                        break;
                    }

                    _readPosition = new OutboxPosition(segment.Number + 1, 0);
                    continue;
                }

                var stream = ReadStreamFor(segment);
                stream.Position = _readPosition.Offset;
                if (!RecordFrame.TryRead(stream, out var payload))
                {
                    // Committed data that fails its CRC: the disk lost it. Skip the rest of the segment, loudly.
                    LogCorruptSegment(segment.Path, _readPosition.Offset);
                    _readPosition = new OutboxPosition(segment.Number + 1, 0);
                    continue;
                }

                _readPosition = new OutboxPosition(segment.Number, stream.Position);
                into.Add(new OutboxEntry(_readPosition, payload));
                read++;
            }

            return read;
        }
    }

    /// <summary>The cloud stored these entries: move the cursor past them and delete fully forwarded segments.</summary>
    public void Acknowledge(IReadOnlyList<OutboxEntry> entries)
    {
        lock (_gate)
        {
            var acknowledged = 0;
            foreach (var entry in entries)
            {
                // Entries of a segment the disk cap already dropped were counted as dropped then.
                if (entry.End > _cursor)
                {
                    acknowledged++;
                    if (FindSegment(entry.End.Segment) is { } segment)
                    {
                        segment.Forwarded++;
                    }

                    _cursor = entry.End;
                }
            }

            if (acknowledged == 0)
            {
                return;
            }

            Interlocked.Add(ref _pending, -acknowledged);
            try
            {
                while (_segments.Count > 1 && _segments[0].Number < _cursor.Segment)
                {
                    DeleteOldest();
                }

                if (_segments.Count > 1 && _segments[0].Number == _cursor.Segment && _cursor.Offset >= _segments[0].Bytes
                    && _segments[0].Number < _committed.Segment)
                {
                    DeleteOldest();
                }

                OutboxCursor.Write(_options.Directory, _cursor);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The cursor file is only the resume point: a stale one re-sends readings the cloud de-duplicates;
                // a segment not deleted now is deleted with the next acknowledgement.
                LogCursorWriteFailed(ex);
            }

            PublishState();
        }
    }

    /// <summary>Forgets the read position so un-acknowledged records are read again (after a restart of the forwarder).</summary>
    public void Rewind()
    {
        lock (_gate)
        {
            _readPosition = _cursor;
        }
    }

    /// <summary>Stops accepting appends and waits until every queued append is written.</summary>
    public async Task CompleteAsync()
    {
        _appends.Writer.TryComplete();
        await _writer;
    }

    public void Dispose()
    {
        _appends.Writer.TryComplete();
        try
        {
            _writer.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The writer's failure was already logged and reported to every waiting append.
        }

        lock (_gate)
        {
            try
            {
                _active?.Dispose();
            }
            catch (IOException)
            {
                // Already reported by the writer; nothing acknowledged depends on it.
            }

            _readStream?.Dispose();
        }

        _lockFile.Dispose();
        _readable.Dispose();
    }

    private void PublishState()
    {
        var bytes = TotalBytes();
        Volatile.Write(ref _bytes, bytes);
        _metrics.SetOutbox(Interlocked.Read(ref _pending), bytes);
        if (_options.WhenFull != OutboxFullPolicy.RefuseNew)
        {
            return;
        }

        // Refuse from the threshold; accept again once below three quarters of it, so the state does not flap per append.
        var threshold = _options.RefuseFromBytes;
        if (bytes >= threshold && Interlocked.CompareExchange(ref _refusing, 1, 0) == 0)
        {
            _metrics.SetOutboxAlarm(true);
            LogRefusing(bytes, threshold);
        }
        else if (bytes < threshold / 4 * 3 && Interlocked.CompareExchange(ref _refusing, 0, 1) == 1)
        {
            LogAcceptingAgain(bytes);
        }
    }

    private sealed class PendingAppend(byte[] payload, IAppendFailureListener? onFailure, long tag)
    {
        public byte[] Payload { get; } = payload;
        public IAppendFailureListener? OnFailure { get; } = onFailure;
        public long Tag { get; } = tag;
        public TaskCompletionSource Durable { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
