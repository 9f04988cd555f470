namespace SmartMaintenance.EdgeBroker.Outbox;

/// <summary>The writer task: group commit of appends to the active segment, one fsync per group, recovery from a failed write.</summary>
public sealed partial class DurableOutbox
{
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
}
