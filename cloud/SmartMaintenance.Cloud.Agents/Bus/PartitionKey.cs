using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Bus;

/// <summary>Which consumer of an <see cref="Ordering.PerSensor"/> or <see cref="Ordering.PerDevice"/> subscription gets an event.</summary>
internal static class PartitionKey
{
    private const uint FnvOffset = 2166136261;
    private const uint FnvPrime = 16777619;

    /// <summary>
    /// FNV-1a (over UTF-16 code units) of the device id, a separator and the sensor id (the device alone for events about no reading).
    /// Unlike string.GetHashCode it is the same in every process, so a sensor lands on the same partition after
    /// a restart and in a replay; it reads the strings in place (no key string built per event).
    /// </summary>
    public static uint Of(AgentEvent @event) => @event is IReadingEvent r
        ? Hash(Hash(Hash(FnvOffset, r.Reading.DeviceId), "/"), r.Reading.SensorId)
        : Hash(FnvOffset, @event.DeviceId);

    /// <summary>FNV-1a of the device id alone: every sensor of a device on one partition (Ordering.PerDevice).</summary>
    public static uint OfDevice(AgentEvent @event) =>
        Hash(FnvOffset, @event is IReadingEvent r ? r.Reading.DeviceId : @event.DeviceId);

    public static int PartitionOf(AgentEvent @event, int partitions, Ordering ordering = Ordering.PerSensor) =>
        partitions == 1 ? 0 : (int)(Mix(ordering == Ordering.PerDevice ? OfDevice(@event) : Of(@event)) % (uint)partitions);

    /// <summary>
    /// The partition of a reading event of this sensor (Ordering.PerSensor) or device (Ordering.PerDevice), from the
    /// ids alone: an agent keeping state per sensor or device finds which of its entries belong to a partition that
    /// moved to another instance. Equal to <see cref="PartitionOf"/> of any reading event of that sensor or device.
    /// </summary>
    public static int PartitionOf(string deviceId, string sensorId, int partitions, Ordering ordering) =>
        partitions == 1 ? 0 : (int)(Mix(ordering == Ordering.PerDevice
            ? Hash(FnvOffset, deviceId)
            : Hash(Hash(Hash(FnvOffset, deviceId), "/"), sensorId)) % (uint)partitions);

    /// <summary>
    /// The 32-bit finalizer of MurmurHash3 (fmix32), applied before the modulo. FNV-1a's low bits depend only on the
    /// low bits of the characters, so keys that repeat the device id ("m-007/m-007-vib") cancel out there: 100 such
    /// sensors fell on 4 of 16 partitions and one of two instances got no work. Mixing spreads every input bit into
    /// the low ones; the partition of a key changes with it, so instances on the JetStream bus are upgraded together
    /// with the pipeline drained (docs/jetstream-bus.md).
    /// </summary>
    public static uint Mix(uint hash)
    {
        hash ^= hash >> 16;
        hash *= 0x85EBCA6B;
        hash ^= hash >> 13;
        hash *= 0xC2B2AE35;
        hash ^= hash >> 16;
        return hash;
    }

    private static uint Hash(uint hash, string text)
    {
        foreach (var c in text)
        {
            hash = (hash ^ c) * FnvPrime;
        }

        return hash;
    }
}
