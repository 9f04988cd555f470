namespace SmartMaintenance.EdgeBroker.Outbox;

/// <summary>A place in the outbox: segment number and byte offset inside it. Ordered like the log.</summary>
public readonly record struct OutboxPosition(long Segment, long Offset) : IComparable<OutboxPosition>
{
    public int CompareTo(OutboxPosition other) =>
        Segment != other.Segment ? Segment.CompareTo(other.Segment) : Offset.CompareTo(other.Offset);

    public static bool operator >(OutboxPosition a, OutboxPosition b) => a.CompareTo(b) > 0;
    public static bool operator <(OutboxPosition a, OutboxPosition b) => a.CompareTo(b) < 0;
}

/// <summary>One record read back from the outbox: its payload and the position just after it.</summary>
public sealed record OutboxEntry(OutboxPosition End, byte[] Payload);

/// <summary>A segment file as the outbox tracks it.</summary>
internal sealed class SegmentInfo(long number, string path)
{
    public long Number { get; } = number;
    public string Path { get; } = path;
    public long Bytes { get; set; }
    public long Records { get; set; }
    /// <summary>Records of this segment the cloud has acknowledged.</summary>
    public long Forwarded { get; set; }
}
