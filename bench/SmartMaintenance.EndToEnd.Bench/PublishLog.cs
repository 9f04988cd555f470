namespace SmartMaintenance.EndToEnd.Bench;

/// <summary>
/// What happened to every (device, sequence): when the client called publish (Stopwatch ticks), whether the
/// broker acknowledged it, and how often the commit poller saw it in PostgreSQL. Each device's publisher is the
/// only writer of its publish times; chunks are allocated by that writer and read by the poller, so a row
/// the poller meets always finds its chunk (the publish happened before the row could be committed).
/// </summary>
public sealed class PublishLog(int devices)
{
    private const int ChunkBits = 12;
    private const int ChunkSize = 1 << ChunkBits;
    private const int MaxChunks = 1 << 12; // 16.7 M readings per device; 32 KB of directory per device

    private const int Acked = 1;

    private readonly Slot[]?[][] _chunks = [.. Enumerable.Range(0, devices + 1).Select(_ => new Slot[]?[MaxChunks])];

    private struct Slot
    {
        public long PublishedAt;
        public int State;
        public int Seen;
    }

    public int Devices => devices;

    /// <summary>Called by the device's publisher just before the publish call. Sequences start at 1.</summary>
    public void Published(int device, long sequence, long timestamp)
    {
        var chunks = _chunks[device];
        var index = (int)(sequence >> ChunkBits);
        if (index >= MaxChunks)
        {
            throw new InvalidOperationException($"dev-{device} passed {MaxChunks * ChunkSize} readings; raise PublishLog.MaxChunks");
        }

        var chunk = chunks[index];
        if (chunk is null)
        {
            chunk = new Slot[ChunkSize];
            Volatile.Write(ref chunks[index], chunk);
        }

        chunk[sequence & (ChunkSize - 1)].PublishedAt = timestamp;
    }

    public void Acknowledged(int device, long sequence) =>
        Interlocked.Or(ref SlotOf(device, sequence).State, Acked);

    /// <summary>
    /// The poller met the row. Returns when it was published (Stopwatch ticks), or null for a row this run never
    /// published or one already seen (a duplicate, counted for <see cref="Audit"/>).
    /// </summary>
    public long? Committed(int device, long sequence)
    {
        if (device < 1 || device > devices || sequence < 1 || (sequence >> ChunkBits) >= MaxChunks
            || Volatile.Read(ref _chunks[device][sequence >> ChunkBits]) is not { } chunk)
        {
            return null;
        }

        ref var slot = ref chunk[sequence & (ChunkSize - 1)];
        return slot.PublishedAt != 0 && Interlocked.Increment(ref slot.Seen) == 1 ? slot.PublishedAt : null;
    }

    /// <summary>After the drain: acknowledged publishes the poller never saw, and rows it saw more than once.</summary>
    public (long AckedMissing, long Duplicates, long SeenNotAcked) Audit()
    {
        long missing = 0, duplicates = 0, seenNotAcked = 0;
        foreach (var chunks in _chunks)
        {
            foreach (var chunk in chunks)
            {
                if (chunk is null)
                {
                    continue;
                }

                foreach (var slot in chunk)
                {
                    var acked = (slot.State & Acked) != 0;
                    missing += acked && slot.Seen == 0 ? 1 : 0;
                    duplicates += Math.Max(0, slot.Seen - 1);
                    seenNotAcked += !acked && slot.Seen > 0 ? 1 : 0;
                }
            }
        }

        return (missing, duplicates, seenNotAcked);
    }

    private ref Slot SlotOf(int device, long sequence) =>
        ref _chunks[device][sequence >> ChunkBits]![sequence & (ChunkSize - 1)];
}
