using System.Collections.Frozen;

namespace SmartMaintenance.Cloud.Devices;

/// <summary>
/// Which devices (and which of their sensors) the registry holds: their identity is the broker's, so their telemetry
/// is accepted only with a broker key (<see cref="Security.ApiScopes.Broker"/>). Only callers without that scope ask,
/// so the broker's hot path never pays for it. A copy of the registry is kept for <see cref="CacheFor"/> and dropped
/// when a device is provisioned here; a device provisioned through another instance is protected once its copy
/// expires.
/// </summary>
public sealed class BrokerManagedDevices(IDeviceStore store, TimeProvider time)
{
    /// <summary>How long a copy of the registry is used before it is read again.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private Snapshot? _snapshot;

    /// <summary>True when <paramref name="deviceId"/> is a registered device.</summary>
    public async ValueTask<bool> IsManagedAsync(string deviceId, CancellationToken cancellationToken) =>
        (await GetAsync(cancellationToken)).Devices.Contains(deviceId);

    /// <summary>The registered device that declares <paramref name="sensorId"/>, or null.</summary>
    public async ValueTask<string?> OwnerOfSensorAsync(string sensorId, CancellationToken cancellationToken) =>
        (await GetAsync(cancellationToken)).SensorOwners.GetValueOrDefault(sensorId);

    /// <summary>Forgets the copy (after a device was provisioned).</summary>
    public void Invalidate() => _snapshot = null;

    private async ValueTask<Snapshot> GetAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_snapshot is { } fresh && fresh.Until > now)
        {
            return fresh;
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (_snapshot is { } other && other.Until > now)
            {
                return other;
            }

            var devices = await store.ListAsync(cancellationToken);
            var owners = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var device in devices)
            {
                foreach (var sensor in device.Sensors)
                {
                    owners.TryAdd(sensor.SensorId, device.DeviceId);
                }
            }

            var snapshot = new Snapshot(
                devices.Select(d => d.DeviceId).ToFrozenSet(StringComparer.Ordinal), owners.ToFrozenDictionary(StringComparer.Ordinal), now + CacheFor);
            _snapshot = snapshot;
            return snapshot;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private sealed record Snapshot(FrozenSet<string> Devices, FrozenDictionary<string, string> SensorOwners, DateTimeOffset Until);
}
