namespace SmartMaintenance.EdgeBroker.Outbox;

/// <summary>Segment files: the disk cap, deleting forwarded or dropped segments, recovery after a crash.</summary>
public sealed partial class DurableOutbox
{
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
}
