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
}
