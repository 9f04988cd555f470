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
    private FileStream _active;
    private OutboxPosition _committed;
    private OutboxPosition _cursor;
    private OutboxPosition _readPosition;
    private FileStream? _readStream;
    private long _readStreamSegment = -1;
    private long _pending;
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

    /// <summary>Null while the outbox can write; the last write failure otherwise.</summary>
    public Exception? Fault => Volatile.Read(ref _fault);

    /// <summary>
    /// Queues a record. The returned ValueTask completes once the record is queued (waits only when 65,536 appends
    /// are already queued: back-pressure); its inner Task completes when the record is durable per the fsync policy.
    /// </summary>
    public async ValueTask<Task> AppendAsync(byte[] payload, CancellationToken cancellationToken)
    {
        var append = new PendingAppend(payload);
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
            _active.Dispose();
            _readStream?.Dispose();
        }

        _lockFile.Dispose();
        _readable.Dispose();
    }

    private async Task WriteLoopAsync()
    {
        var group = new List<PendingAppend>(_options.MaxGroupCommit);
        var reader = _appends.Reader;
        while (await reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < _options.MaxGroupCommit && reader.TryRead(out var append))
            {
                group.Add(append);
            }

            try
            {
                WriteGroup(group);
                Volatile.Write(ref _fault, null);
                foreach (var append in group)
                {
                    append.Durable.TrySetResult();
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Volatile.Write(ref _fault, ex);
                _metrics.OutboxWriteFailed();
                LogWriteFailed(ex, group.Count);
                foreach (var append in group)
                {
                    append.Durable.TrySetException(ex);
                }
            }

            if (_readable.CurrentCount == 0)
            {
                _readable.Release();
            }
        }

        lock (_gate)
        {
            _active.Flush(flushToDisk: true);
        }
    }

    private void WriteGroup(List<PendingAppend> group)
    {
        long inActive = 0;
        foreach (var append in group)
        {
            if (_active.Position >= _options.SegmentBytes)
            {
                Roll(inActive);
                inActive = 0;
            }

            RecordFrame.Write(_active, append.Payload);
            inActive++;
        }

        _active.Flush(flushToDisk: _options.Fsync == FsyncPolicy.Always);
        lock (_gate)
        {
            var active = _segments[^1];
            active.Bytes = _active.Position;
            active.Records += inActive;
            _committed = new OutboxPosition(active.Number, active.Bytes);
            Interlocked.Add(ref _pending, group.Count);
            EnforceCap();
            PublishState();
        }
    }

    /// <summary>Closes the active segment (fsynced, whatever the policy) and starts the next one.</summary>
    private void Roll(long recordsWritten)
    {
        _active.Flush(flushToDisk: true);
        lock (_gate)
        {
            var closed = _segments[^1];
            closed.Bytes = _active.Position;
            closed.Records += recordsWritten;
            _active.Dispose();
            _active = OpenSegment(closed.Number + 1);
        }
    }

    private FileStream OpenSegment(long number)
    {
        var path = SegmentScanner.PathOf(_options.Directory, number);
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete, 64 * 1024);
        _segments.Add(new SegmentInfo(number, path));
        return stream;
    }

    /// <summary>Past the disk cap: drop the oldest closed segments, counting the readings lost with them.</summary>
    private void EnforceCap()
    {
        var total = TotalBytes();
        var dropped = 0L;
        while (total > _options.MaxBytes && _segments.Count > 1)
        {
            var oldest = _segments[0];
            var lost = oldest.Records - oldest.Forwarded;
            dropped += lost;
            total -= oldest.Bytes;
            DeleteOldest();
            var next = new OutboxPosition(_segments[0].Number, 0);
            if (_cursor < next)
            {
                _cursor = next;
            }

            if (_readPosition < next)
            {
                _readPosition = next;
            }

            Interlocked.Add(ref _pending, -lost);
        }

        if (dropped > 0)
        {
            OutboxCursor.Write(_options.Directory, _cursor);
            _metrics.OutboxDropped(dropped);
            _metrics.SetOutboxAlarm(true);
            LogDroppedOldest(dropped, _options.MaxBytes);
        }
        else if (total < _options.MaxBytes / 2)
        {
            // Half the cap free again: the backlog is draining, clear the alarm.
            _metrics.SetOutboxAlarm(false);
        }
    }

    private void DeleteOldest()
    {
        var oldest = _segments[0];
        if (_readStreamSegment == oldest.Number)
        {
            _readStream?.Dispose();
            _readStream = null;
            _readStreamSegment = -1;
        }

        File.Delete(oldest.Path);
        _segments.RemoveAt(0);
    }

    /// <summary>After a crash: cut torn tails, restore the cursor, count what is still to forward.</summary>
    private void Recover()
    {
        foreach (var segment in _segments)
        {
            var length = new FileInfo(segment.Path).Length;
            segment.Bytes = SegmentScanner.Scan(segment.Path, 0, out var records);
            segment.Records = records;
            if (segment.Bytes < length)
            {
                LogTornTail(segment.Path, length - segment.Bytes);
                using var stream = new FileStream(segment.Path, FileMode.Open, FileAccess.Write, FileShare.Read);
                stream.SetLength(segment.Bytes);
            }
        }

        var first = _segments.Count == 0 ? 1 : _segments[0].Number;
        var cursor = OutboxCursor.Read(_options.Directory);
        _cursor = cursor is { } c && FindSegment(c.Segment) is { } at && c.Offset <= at.Bytes ? c : new OutboxPosition(first, 0);
        _readPosition = _cursor;
        long pending = 0;
        foreach (var segment in _segments)
        {
            if (segment.Number == _cursor.Segment)
            {
                SegmentScanner.Scan(segment.Path, _cursor.Offset, out var rest);
                segment.Forwarded = segment.Records - rest;
                pending += rest;
            }
            else if (segment.Number > _cursor.Segment)
            {
                pending += segment.Records;
            }
            else
            {
                segment.Forwarded = segment.Records;
            }
        }

        _pending = pending;
        if (pending > 0)
        {
            LogRecovered(pending, _segments.Count);
        }
    }

    private FileStream ReadStreamFor(SegmentInfo segment)
    {
        if (_readStreamSegment != segment.Number || _readStream is null)
        {
            _readStream?.Dispose();
            _readStream = new FileStream(segment.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024);
            _readStreamSegment = segment.Number;
        }

        return _readStream;
    }

    private SegmentInfo? FindSegment(long number) => _segments.Find(s => s.Number == number);

    private SegmentInfo? FindSegmentAtOrAfter(long number) => _segments.Find(s => s.Number >= number);

    private long TotalBytes()
    {
        long total = 0;
        foreach (var segment in _segments)
        {
            total += segment.Bytes;
        }

        return total;
    }

    private void PublishState() => _metrics.SetOutbox(Interlocked.Read(ref _pending), TotalBytes());

    private sealed class PendingAppend(byte[] payload)
    {
        public byte[] Payload { get; } = payload;
        public TaskCompletionSource Durable { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox write failed; {Count} appends refused (devices will resend)")]
    private partial void LogWriteFailed(Exception ex, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox over its cap of {MaxBytes} bytes: dropped the oldest segment(s) with {Count} unforwarded readings")]
    private partial void LogDroppedOldest(long count, long maxBytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox segment {Path}: cut a torn tail of {Bytes} bytes left by a crash")]
    private partial void LogTornTail(string path, long bytes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox segment {Path} is corrupt at offset {Offset}; skipping the rest of it")]
    private partial void LogCorruptSegment(string path, long offset);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox recovered {Count} readings to forward from {Segments} segment(s)")]
    private partial void LogRecovered(long count, int segments);
}
