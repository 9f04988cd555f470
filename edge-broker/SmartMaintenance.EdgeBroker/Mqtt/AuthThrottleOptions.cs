using System.ComponentModel.DataAnnotations;

namespace SmartMaintenance.EdgeBroker.Mqtt;

/// <summary>
/// Failed-login throttling (Broker:Mqtt:Auth). Past the budget, logins from that address or for that device id
/// are refused with 0x9F Connection rate exceeded (MQTT 3.1.1: return code 3, server unavailable) without checking the secret,
/// until the window ends: a password guesser gets a handful of tries per window and no PBKDF2 time.
/// </summary>
public sealed class AuthThrottleOptions
{
    public const string Section = "Broker:Mqtt:Auth";

    /// <summary>Failed logins allowed per client address per window. Devices behind one NAT share it.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Broker:Mqtt:Auth:MaxFailuresPerAddress must be 1-1000000.")]
    public int MaxFailuresPerAddress { get; set; } = 20;

    /// <summary>Failed logins allowed per device id (the username) per window, from any address.</summary>
    [Range(1, 1_000_000, ErrorMessage = "Broker:Mqtt:Auth:MaxFailuresPerDevice must be 1-1000000.")]
    public int MaxFailuresPerDevice { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Broker:Mqtt:Auth:Window must be 1 s - 1 day.")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
