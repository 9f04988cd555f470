using System.ComponentModel.DataAnnotations;

namespace SmartMaintenance.Cloud.Security;

/// <summary>Token bucket per API key (per client address for requests without a valid key).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Cloud:RateLimit";

    [Range(1, 10_000_000, ErrorMessage = "Cloud:RateLimit:PermitsPerSecond must be 1-10000000.")]
    public int PermitsPerSecond { get; set; } = 1_000;

    /// <summary>Requests allowed at once after a quiet period.</summary>
    [Range(1, 10_000_000, ErrorMessage = "Cloud:RateLimit:Burst must be 1-10000000.")]
    public int Burst { get; set; } = 2_000;
}
