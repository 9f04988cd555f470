using System.ComponentModel.DataAnnotations;
using SmartMaintenance.Cloud.Dashboard.Auth;

namespace SmartMaintenance.Cloud.Dashboard;

/// <summary>
/// Dashboard settings (section Cloud:Dashboard). Users come from configuration — the first admin typically from
/// the environment (Cloud__Dashboard__Users__admin__Password, Cloud__Dashboard__Users__admin__Role=admin) — and
/// are never written to the repository. A user holds either a plain Password (hashed in memory at start) or a
/// PasswordHash in the PBKDF2 format of <see cref="Contracts.DeviceSecretHasher"/>.
/// </summary>
public sealed class DashboardOptions
{
    public const string Section = "Cloud:Dashboard";

    /// <summary>User name -> user.</summary>
    public Dictionary<string, DashboardUser> Users { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long a sign-in lasts without activity.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00", ErrorMessage = "Cloud:Dashboard:SessionLifetime must be 5 minutes to 7 days.")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How often the live feed looks for new readings to push to open pages.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00", ErrorMessage = "Cloud:Dashboard:LivePollInterval must be 50 ms to 1 minute.")]
    public TimeSpan LivePollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The System page calls the edge broker link silent when no broker called for this long: four registry syncs
    /// at the broker's default Broker:Cloud:SyncInterval of 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Cloud:Dashboard:BrokerSilentAfter must be 1 second to 1 day.")]
    public TimeSpan BrokerSilentAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The plant's time zone (an IANA id such as America/Sao_Paulo): every time on the pages is shown in it, with
    /// the zone named. Storage, the API and exports stay in UTC.
    /// </summary>
    public string TimeZone { get; set; } = "UTC";
}

public sealed class DashboardUser
{
    /// <summary>viewer, operator or admin.</summary>
    public string Role { get; set; } = DashboardRoles.Viewer;

    /// <summary>Plain password from the environment (never logged); at least 8 characters.</summary>
    public string? Password { get; set; }

    /// <summary>PBKDF2 hash (see DeviceSecretHasher) when the plain password should not be in the environment.</summary>
    public string? PasswordHash { get; set; }

    /// <summary>Shown in the header; defaults to the user name.</summary>
    public string? DisplayName { get; set; }
}
