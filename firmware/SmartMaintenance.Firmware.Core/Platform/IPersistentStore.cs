#nullable disable
namespace SmartMaintenance.Firmware.Core.Platform
{
    /// <summary>
    /// A few named numbers that survive a reboot (flash on the board, a file on the desktop). Writes wear flash,
    /// so callers write rarely (see SequenceCounter's block reservation).
    /// </summary>
    public interface IPersistentStore
    {
        long ReadLong(string key, long fallback);

        void WriteLong(string key, long value);
    }
}
