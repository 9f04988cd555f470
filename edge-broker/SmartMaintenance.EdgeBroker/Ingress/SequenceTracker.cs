using System.Collections.Concurrent;

namespace SmartMaintenance.EdgeBroker.Ingress;

/// <summary>
/// Sequence progress of every device (see <see cref="DeviceSequence"/>), kept across its connections.
/// In memory only: after a broker restart a replay reaches the cloud, which de-duplicates by (device, sequence).
/// </summary>
public sealed class SequenceTracker
{
    private readonly ConcurrentDictionary<string, DeviceSequence> _devices = new(StringComparer.Ordinal);

    /// <summary>The device's state; looked up once per connection (the session keeps it).</summary>
    public DeviceSequence For(string deviceId) => _devices.GetOrAdd(deviceId, static id => new DeviceSequence(id));
}
