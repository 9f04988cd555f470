using System.Buffers;
using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.EdgeBroker.Ingress;

/// <summary>
/// Checks a telemetry publish against the wire contract before it may leave the broker: size, JSON shape,
/// schema version, identity (the message's device is the publisher), kind, finite value, clock sanity.
/// </summary>
public sealed class IngressValidator(TimeProvider time)
{
    public DeviceMessage? Validate(string deviceId, ReadOnlySequence<byte> payload, out string? error)
    {
        if (payload.Length > WireLimits.MaxPayloadBytes)
        {
            error = $"payload of {payload.Length} bytes exceeds the {WireLimits.MaxPayloadBytes}-byte limit";
            return null;
        }

        var message = DeviceMessageReader.TryRead(payload, out error);
        if (message is null)
        {
            return null;
        }

        error = Check(deviceId, message, time.GetUtcNow());
        return error is null ? message : null;
    }

    private static string? Check(string deviceId, DeviceMessage m, DateTimeOffset now)
    {
        if (m.SchemaVersion != WireSchema.Version)
        {
            return $"unsupported schema version {m.SchemaVersion} (expected {WireSchema.Version})";
        }

        if (m.DeviceId != deviceId)
        {
            return $"message names device '{m.DeviceId}' but was published by '{deviceId}'";
        }

        if (!TopicScheme.IsValidId(m.SensorId))
        {
            return "sensor id is invalid";
        }

        if (!MessageKinds.IsKnown(m.Kind))
        {
            return $"unknown kind '{m.Kind}'";
        }

        if (!double.IsFinite(m.Value))
        {
            return "value is not a finite number";
        }

        if (m.Timestamp is { } ts && ts > now.AddMilliseconds(WireLimits.MaxClockSkewMs))
        {
            return "timestamp lies in the future beyond the allowed clock skew";
        }

        return null;
    }
}

public static class IngressExtensions
{
    public static IServiceCollection AddIngress(this IServiceCollection services) =>
        services.AddSingleton<IngressValidator>();
}
