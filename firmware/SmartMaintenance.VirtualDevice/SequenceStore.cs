using System.Globalization;

namespace SmartMaintenance.VirtualDevice;

/// <summary>
/// Keeps a device's next sequence number in a file so it survives restarts, like the board keeps it in flash:
/// the cloud de-duplicates by (device, sequence), so a sequence that restarted at 0 would be dropped as replays.
/// Reserves numbers in blocks to avoid a write per message; a crash skips at most one block (gaps are harmless).
/// </summary>
internal sealed class SequenceStore(string directory, string deviceId)
{
    private const long Block = 1000;
    private readonly string _path = Path.Combine(directory, deviceId + ".seq");
    private long _next = -1;
    private long _reservedUntil = -1;

    public long Next()
    {
        if (_next < 0)
        {
            _next = File.Exists(_path) ? long.Parse(File.ReadAllText(_path).Trim(), CultureInfo.InvariantCulture) : 0;
            _reservedUntil = _next;
        }

        if (_next >= _reservedUntil)
        {
            _reservedUntil = _next + Block;
            Directory.CreateDirectory(directory);
            File.WriteAllText(_path, _reservedUntil.ToString(CultureInfo.InvariantCulture));
        }

        return _next++;
    }
}
