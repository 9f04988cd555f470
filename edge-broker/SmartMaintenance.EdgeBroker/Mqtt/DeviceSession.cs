using SmartMaintenance.Contracts.Wire;
using SmartMaintenance.EdgeBroker.Devices;
using SmartMaintenance.EdgeBroker.Forwarding;
using SmartMaintenance.EdgeBroker.Ingress;

namespace SmartMaintenance.EdgeBroker.Mqtt;

/// <summary>
/// What the broker keeps per connected device (in MQTTnet's session items): the device, its own topics built
/// once at login, so the per-publish ACL is a string comparison instead of parsing every topic, its sequence
/// state (shared by all its connections), its AckGate, and what makes a reading cheap to parse and store: its
/// string tables and its outbox record writer (site and device id encoded once).
/// </summary>
internal sealed class DeviceSession(DeviceRecord device, DeviceSequence sequence, bool reasonCodes)
{
    /// <summary>MQTT 5: a PUBACK can carry a refusal (3.1.1's cannot, so a refusal there would read as success).</summary>
    public bool ReasonCodes { get; } = reasonCodes;

    public DeviceRecord Device { get; } = device;
    public DeviceSequence Sequence { get; } = sequence;
    public string Telemetry { get; } = TopicScheme.Build(device.Site, device.DeviceId, TopicScheme.Telemetry);
    public string Status { get; } = TopicScheme.Build(device.Site, device.DeviceId, TopicScheme.Status);
    public string ConfigAck { get; } = TopicScheme.Build(device.Site, device.DeviceId, TopicScheme.ConfigAck);
    public string Config { get; } = TopicScheme.Build(device.Site, device.DeviceId, TopicScheme.Config);
    public AckGate Gate { get; } = new();
    public DeviceStrings Strings { get; } = new(device.DeviceId);
    public TelemetryRecord Record { get; } = new(device.Site, device.DeviceId);
}
