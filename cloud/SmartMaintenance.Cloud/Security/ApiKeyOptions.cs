using System.ComponentModel.DataAnnotations;

namespace SmartMaintenance.Cloud.Security;

/// <summary>
/// API keys live hashed in the database (created with `apikey create` or the admin endpoint). `BootstrapKey` may
/// carry one plain key from the environment (Cloud__ApiKeys__BootstrapKey) for a first run: it has every scope,
/// is hashed at start and never logged.
/// </summary>
public sealed class ApiKeyOptions
{
    public const string Section = "Cloud:ApiKeys";

    [MinLength(16, ErrorMessage = "Cloud:ApiKeys:BootstrapKey must be at least 16 characters.")]
    public string? BootstrapKey { get; set; }

    /// <summary>How long a key looked up in the database is trusted before it is looked up again (revocation delay for other instances).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00", ErrorMessage = "Cloud:ApiKeys:CacheDuration must be 0-1 h.")]
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retry-After of the 503 answered when a key cannot be looked up because the database is unreachable.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Cloud:ApiKeys:RetryAfterUnavailable must be 1 s - 10 min.")]
    public TimeSpan RetryAfterUnavailable { get; set; } = TimeSpan.FromSeconds(5);
}
