#nullable disable
namespace SmartMaintenance.Firmware.Core.Platform
{
    /// <summary>Restarts the board (Power.RebootDevice on nanoFramework); the reason is logged before.</summary>
    public interface IRebooter
    {
        void Reboot(string reason);
    }
}
