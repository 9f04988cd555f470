using SmartMaintenance.Firmware.Core.Platform;

namespace SmartMaintenance.Firmware.Tests.Fakes;

/// <summary>An in-memory "flash" for one key; allocates nothing on read or write (used by the allocation test).</summary>
internal sealed class MemoryStore : IPersistentStore
{
    private long _value;
    private bool _has;

    public int Writes { get; private set; }

    public long ReadLong(string key, long fallback) => _has ? _value : fallback;

    public void WriteLong(string key, long value)
    {
        _value = value;
        _has = true;
        Writes++;
    }
}
