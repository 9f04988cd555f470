#nullable disable
namespace SmartMaintenance.Firmware.Core
{
    /// <summary>
    /// The firmware's version, reported in the retained status message (wire "fw") so the cloud's device page shows
    /// what each board runs. Raise it with every firmware release (semantic versioning).
    /// </summary>
    public static class FirmwareInfo
    {
        public const string Version = "1.6.0";
    }
}
