namespace SmartMaintenance.EdgeBroker.Ingress;

/// <summary>
/// A small table of strings by their UTF-8 bytes, so a value that repeats in every message (a device id, a sensor
/// id, a unit) is turned into a string once instead of once per message. Linear search from the last hit: the
/// tables hold a handful of entries and devices send their sensors in a fixed order. A learning table replaces its
/// entries round-robin, so its memory is bounded whatever a device sends. Entries are immutable and replaced
/// whole: two receive loops briefly sharing a table (a session takeover) each read a consistent entry.
/// </summary>
internal sealed class Utf8Strings
{
    private readonly Entry?[] _entries;
    private readonly bool _learns;
    private int _hint;
    private int _next;

    private Utf8Strings(int capacity, bool learns)
    {
        _entries = new Entry?[capacity];
        _learns = learns;
    }

    /// <summary>A table that keeps the last <paramref name="capacity"/> distinct values it was asked to add.</summary>
    public static Utf8Strings Learning(int capacity) => new(capacity, learns: true);

    /// <summary>A fixed table of known values; <see cref="Add"/> does not change it.</summary>
    public static Utf8Strings Fixed(IEnumerable<string> values)
    {
        var list = values.Distinct(StringComparer.Ordinal).ToList();
        var table = new Utf8Strings(Math.Max(1, list.Count), learns: false);
        for (var i = 0; i < list.Count; i++)
        {
            table._entries[i] = new Entry(System.Text.Encoding.UTF8.GetBytes(list[i]), list[i]);
        }

        return table;
    }

    /// <summary>The string whose UTF-8 encoding is exactly <paramref name="utf8"/>, or null when the table has none.</summary>
    public string? Find(ReadOnlySpan<byte> utf8)
    {
        var entries = _entries;
        var start = Volatile.Read(ref _hint);
        for (var n = 0; n < entries.Length; n++)
        {
            var i = (start + n) % entries.Length;
            if (entries[i] is not { } entry)
            {
                continue;
            }

            if (utf8.SequenceEqual(entry.Utf8))
            {
                if (_learns)
                {
                    // The next message most likely carries the next value (the device's next sensor). Fixed tables
                    // are shared by every connection: not written per message, so no cache line bounces between cores.
                    Volatile.Write(ref _hint, i + 1 == entries.Length ? 0 : i + 1);
                }

                return entry.Value;
            }
        }

        return null;
    }

    /// <summary>Remembers <paramref name="value"/> (decoded from <paramref name="utf8"/>) in a learning table.</summary>
    public void Add(ReadOnlySpan<byte> utf8, string value)
    {
        if (!_learns)
        {
            return;
        }

        var slot = (int)((uint)Interlocked.Increment(ref _next) % (uint)_entries.Length);
        Volatile.Write(ref _entries[slot], new Entry(utf8.ToArray(), value));
    }

    private sealed record Entry(byte[] Utf8, string Value);
}
