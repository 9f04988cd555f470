namespace SmartMaintenance.EdgeBroker.Outbox;

/// <summary>The outbox's log messages.</summary>
public sealed partial class DurableOutbox
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox write failed; {Count} appends refused (devices will resend)")]
    private partial void LogWriteFailed(Exception ex, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox could not write its cursor or delete a forwarded segment; retried with the next acknowledgement")]
    private partial void LogCursorWriteFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox segment {Path} could not be cut back after a failed write; continuing in a new segment")]
    private partial void LogCutFailed(Exception ex, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox over its cap of {MaxBytes} bytes: dropped the oldest segment(s) with {Count} unforwarded readings")]
    private partial void LogDroppedOldest(long count, long maxBytes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox holds {Bytes} bytes, at its refuse threshold of {Threshold}: new telemetry is refused with 0x97 (quota exceeded) until the cloud drains it")]
    private partial void LogRefusing(long bytes, long threshold);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox drained to {Bytes} bytes: accepting telemetry again")]
    private partial void LogAcceptingAgain(long bytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox segment {Path}: cut a torn tail of {Bytes} bytes left by a crash")]
    private partial void LogTornTail(string path, long bytes);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox segment {Path} is corrupt at offset {Offset}; skipping the rest of it")]
    private partial void LogCorruptSegment(string path, long offset);

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox recovered {Count} readings to forward from {Segments} segment(s)")]
    private partial void LogRecovered(long count, int segments);
}
