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

            // Appends [0, durable) are on disk; a failure mid-group after a segment roll keeps those.
            var durable = 0;
            try
            {
                WriteGroup(group, ref durable);
                Volatile.Write(ref _fault, null);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Volatile.Write(ref _fault, ex);
                _metrics.OutboxWriteFailed();
                LogWriteFailed(ex, group.Count - durable);
                ResetActiveAfterFailure();
                // Every listener first, then the tasks: a waiter woken by one failed task sees the whole group undone.
                for (var i = durable; i < group.Count; i++)
                {
                    group[i].OnFailure?.AppendFailed(group[i].Tag);
                }

                for (var i = durable; i < group.Count; i++)
                {
                    group[i].Durable.TrySetException(ex);
                }
            }

            for (var i = 0; i < durable; i++)
            {
                group[i].Durable.TrySetResult();
            }

            if (_readable.CurrentCount == 0)
            {
                _readable.Release();
            }
        }

        lock (_gate)
        {
            try
            {
                _active?.Flush(flushToDisk: true);
            }
            catch (IOException ex)
            {
                // Nothing acknowledged depends on this flush (Always fsyncs per group; OsBuffered promised no more).
                LogWriteFailed(ex, 0);
            }
        }
    }

    /// <summary>Test seam: runs just before a group is flushed, on the active segment (write a torn frame, throw "disk full").</summary>
    internal Action<Stream>? BeforeGroupFlush { get; set; }

    private void WriteGroup(List<PendingAppend> group, ref int durable)
    {
        var active = _active ?? OpenNextSegment();
        long inActive = 0;
        for (var i = 0; i < group.Count; i++)
        {
            if (active.Position >= _options.SegmentBytes)
            {
                Seal(inActive);
                durable = i;
                inActive = 0;
                active = OpenNextSegment();
            }

            RecordFrame.Write(active, group[i].Payload);
            inActive++;
        }

        BeforeGroupFlush?.Invoke(active);
        active.Flush(flushToDisk: _options.Fsync == FsyncPolicy.Always);
        lock (_gate)
        {
            Commit(inActive);
            durable = group.Count;
            EnforceCap();
            PublishState();
        }
    }

    /// <summary>The records just written to the active segment are durable: make them readable and pending.</summary>
    private void Commit(long records)
    {
        var segment = _segments[^1];
        segment.Bytes = _active!.Position;
        segment.Records += records;
        _committed = new OutboxPosition(segment.Number, segment.Bytes);
        Interlocked.Add(ref _pending, records);
    }

    /// <summary>
    /// After a failed write the active file may hold part of the group (a torn frame): records appended after it
    /// would sit behind bytes that fail their CRC, and the reader skips the rest of a segment at a bad CRC. So cut
    /// the file back to its committed length and continue there; if even that fails, leave the file (the reader
    /// stops at the committed length, a restart's scan cuts a torn tail) and start a new segment with the next group.
    /// </summary>
    private void ResetActiveAfterFailure()
    {
        lock (_gate)
        {
            var segment = _segments[^1];
            try
            {
                // Dispose may try once more to write what the failed flush left in the buffer; the cut below undoes it.
                _active?.Dispose();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The handle is closed either way.
            }

            _active = null;
            try
            {
                var stream = new FileStream(segment.Path, FileMode.Open, FileAccess.Write, FileShare.Read | FileShare.Delete, 64 * 1024);
                stream.SetLength(segment.Bytes);
                stream.Position = segment.Bytes;
                _active = stream;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogCutFailed(ex, segment.Path);
            }
        }
    }

    /// <summary>Closes the active segment, fsynced whatever the policy: its records are durable from here on.</summary>
    private void Seal(long recordsWritten)
    {
        _active!.Flush(flushToDisk: true);
        lock (_gate)
        {
            Commit(recordsWritten);
            _active.Dispose();
            _active = null;
        }
    }

    private FileStream OpenNextSegment()
    {
        lock (_gate)
        {
            _active = OpenSegment(_segments[^1].Number + 1);
            return _active;
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

    private sealed class PendingAppend(byte[] payload, IAppendFailureListener? onFailure, long tag)
    {
        public byte[] Payload { get; } = payload;
        public IAppendFailureListener? OnFailure { get; } = onFailure;
        public long Tag { get; } = tag;
        public TaskCompletionSource Durable { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox write failed; {Count} appends refused (devices will resend)")]
    private partial void LogWriteFailed(Exception ex, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox could not write its cursor or delete a forwarded segment; retried with the next acknowledgement")]
    private partial void LogCursorWriteFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox segment {Path} could not be cut back after a failed write; continuing in a new segment")]
    private partial void LogCutFailed(Exception ex, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox over its cap of {MaxBytes} bytes: dropped the oldest segment(s) with {Count} unforwarded readings")]
    private partial void LogDroppedOldest(long count, long maxBytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox segment {Path}: cut a torn tail of {Bytes} bytes left by a crash")]
    private partial void LogTornTail(string path, long bytes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox segment {Path} is corrupt at offset {Offset}; skipping the rest of it")]
    private partial void LogCorruptSegment(string path, long offset);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox recovered {Count} readings to forward from {Segments} segment(s)")]
    private partial void LogRecovered(long count, int segments);
}
