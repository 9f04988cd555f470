using System.Globalization;
using SmartMaintenance.Firmware.Core.Platform;

namespace SmartMaintenance.VirtualDevice.Adapters;

/// <summary>The board's flash as one small file per key: {state-dir}/{device}.{key} (the sequence: {device}.seq).</summary>
internal sealed class FilePersistentStore(string directory, string deviceId) : IPersistentStore
{
    private string PathOf(string key) => Path.Combine(directory, deviceId + "." + key);

    public long ReadLong(string key, long fallback)
    {
        var path = PathOf(key);
        return File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : fallback;
    }

    public void WriteLong(string key, long value)
    {
        Directory.CreateDirectory(directory);
        var path = PathOf(key);
        // Write then rename, so a kill mid-write never leaves a truncated number (which would restart at 0).
        File.WriteAllText(path + ".tmp", value.ToString(CultureInfo.InvariantCulture));
        File.Move(path + ".tmp", path, overwrite: true);
    }
}
