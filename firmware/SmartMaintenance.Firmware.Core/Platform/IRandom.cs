#nullable disable
namespace SmartMaintenance.Firmware.Core.Platform
{
    /// <summary>Randomness injected so tests are deterministic (backoff jitter, simulation).</summary>
    public interface IRandom
    {
        /// <summary>A uniform float in [0, 1).</summary>
        float NextFloat();
    }
}
