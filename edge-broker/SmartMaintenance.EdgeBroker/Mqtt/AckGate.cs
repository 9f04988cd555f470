using System.Collections.Concurrent;

namespace SmartMaintenance.EdgeBroker.Mqtt;

/// <summary>
/// Holds a QoS 1 PUBACK back until the reading is durable. MQTTnet 5 awaits InterceptingPublishAsync in the
/// connection's receive loop and queues the PUBACK after it returns (MqttConnectedClient.HandleIncomingPublishPacket);
/// awaiting the disk there would serialize a device's in-flight window behind one fsync each. Instead the
/// interceptor registers the durability task under the packet identifier (seen by the inbound packet interceptor
/// just before), and the outbound packet interceptor, which runs in the send loop, awaits it before the PUBACK
/// leaves. Receiving continues meanwhile, so one fsync covers a whole window (group commit). If the write
/// failed, the PUBACK is withheld and the device resends (MQTT-4.4.0-1); the outbox has already told the device's
/// DeviceSequence, whether or not this connection is still there to send a PUBACK.
/// </summary>
internal sealed class AckGate
{
    private readonly ConcurrentDictionary<ushort, Task> _pending = new();

    /// <summary>Packet identifier of the QoS 1 PUBLISH being processed by the receive loop now.</summary>
    public ushort Current { get; set; }

    public void Hold(ushort packetId, Task durable) => _pending[packetId] = durable;

    public bool TryTake(ushort packetId, out Task durable) => _pending.TryRemove(packetId, out durable!);
}
