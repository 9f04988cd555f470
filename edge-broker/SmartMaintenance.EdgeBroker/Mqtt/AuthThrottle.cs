using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace SmartMaintenance.EdgeBroker.Mqtt;

/// <summary>
/// Counts failed logins per client address and per device id in fixed windows (System.Threading.RateLimiting,
/// one partition per key; idle partitions are dropped by the limiter). A key whose budget is spent is throttled
/// until its window ends. Asking costs no permit, failing costs one.
/// </summary>
public sealed partial class AuthThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _addresses;
    private readonly PartitionedRateLimiter<string> _devices;
    private readonly ILogger<AuthThrottle> _logger;

    public AuthThrottle(IOptions<AuthThrottleOptions> options, ILogger<AuthThrottle> logger)
    {
        var o = options.Value;
        _addresses = Create(o.MaxFailuresPerAddress, o.Window);
        _devices = Create(o.MaxFailuresPerDevice, o.Window);
        _logger = logger;
    }

    /// <summary>True when logins from <paramref name="address"/> or for <paramref name="deviceId"/> are refused for now.</summary>
    public bool IsThrottled(string address, string? deviceId)
    {
        using var byAddress = _addresses.AttemptAcquire(address, 0);
        if (!byAddress.IsAcquired)
        {
            return true;
        }

        using var byDevice = _devices.AttemptAcquire(deviceId ?? "", 0);
        return !byDevice.IsAcquired;
    }

    /// <summary>A failed login: spends one of the address's and one of the device id's permits.</summary>
    public void Failed(string address, string? deviceId)
    {
        using (var byAddress = _addresses.AttemptAcquire(address))
        {
            if (!byAddress.IsAcquired)
            {
                return;
            }
        }

        using var byDevice = _devices.AttemptAcquire(deviceId ?? "");
        if (IsThrottled(address, deviceId))
        {
            LogThrottled(address, deviceId);
        }
    }

    public void Dispose()
    {
        _addresses.Dispose();
        _devices.Dispose();
    }

    private static PartitionedRateLimiter<string> Create(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }), StringComparer.Ordinal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Failed-login budget spent: logins from {Address} or for device {DeviceId} are refused until the window ends")]
    private partial void LogThrottled(string address, string? deviceId);
}
