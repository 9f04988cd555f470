using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.EdgeBroker.Ingress;

/// <summary>
/// The string fields of one device's telemetry that repeat in every message, looked up by their UTF-8 bytes
/// (see <see cref="Utf8Strings"/>): its own id, its sensor ids (learned, at most <see cref="SensorSlots"/>),
/// and the known kinds, sensor types and units (shared by all devices). A value not in a table is decoded as
/// before, so parsing gives the same message with or without these tables; they only save the allocations.
/// </summary>
internal sealed class DeviceStrings(string deviceId)
{
    /// <summary>More sensors than this per device still work; the extra ones cost a string per message.</summary>
    internal const int SensorSlots = 16;

    internal static readonly Utf8Strings KnownKinds = Utf8Strings.Fixed([MessageKinds.Reading, MessageKinds.Anomaly, MessageKinds.Summary]);
    internal static readonly Utf8Strings KnownSensorTypes = Utf8Strings.Fixed(SensorRanges.SensorTypes);
    internal static readonly Utf8Strings KnownUnits = Utf8Strings.Fixed(SensorRanges.Units);

    public Utf8Strings Device { get; } = Utf8Strings.Fixed([deviceId]);
    public Utf8Strings Sensors { get; } = Utf8Strings.Learning(SensorSlots);
}
