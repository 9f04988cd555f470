using System.ComponentModel.DataAnnotations;

namespace SmartMaintenance.Cloud.Security;

/// <summary>
/// API keys accepted by the cloud. Each entry is a name and the SHA-256 of the key (hex), never the key itself;
/// `BootstrapKey` may carry one plain key from the environment for a first run (it is hashed at start).
/// </summary>
public sealed class ApiKeyOptions
{
    public const string Section = "Cloud:ApiKeys";

    /// <summary>One plain key taken from the environment (e.g. Cloud__ApiKeys__BootstrapKey); never logged.</summary>
    [MinLength(16, ErrorMessage = "Cloud:ApiKeys:BootstrapKey must be at least 16 characters.")]
    public string? BootstrapKey { get; set; }

    /// <summary>Name -> lowercase hex SHA-256 of the key.</summary>
    public Dictionary<string, string> Hashed { get; set; } = new();
}
