using System.Buffers;
using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.EdgeBroker.Ingress;

/// <summary>What ingress decided about a telemetry publish.</summary>
public enum IngressOutcome
{
    Accepted,
    /// <summary>A sequence already accepted: acknowledge, do not store again.</summary>
    Duplicate,
    Invalid,
}

/// <summary>
/// Checks a telemetry publish against the wire contract before it may leave the broker: size, JSON shape,
/// schema version, identity (the message's device is the publisher), kind, finite and plausible values,
/// clock sanity, sequence progress.
/// </summary>
public sealed class IngressValidator(TimeProvider time)
{
    /// <summary>Validates a telemetry publish of the device whose sequence state is <paramref name="sequence"/>; admits its sequence when valid.</summary>
    public IngressOutcome Validate(DeviceSequence sequence, ReadOnlySequence<byte> payload, out DeviceMessage? message, out string? error) =>
        Validate(sequence, payload, null, out message, out _, out error);

    /// <summary>
    /// As above, parsing with the device's string tables; <paramref name="verbatim"/> says whether the payload may be
    /// stored as it came (see <see cref="DeviceMessageReader"/>). The checks are the same either way.
    /// </summary>
    internal IngressOutcome Validate(DeviceSequence sequence, ReadOnlySequence<byte> payload, DeviceStrings? strings,
        out DeviceMessage? message, out bool verbatim, out string? error)
    {
        message = null;
        verbatim = false;
        if (payload.Length > WireLimits.MaxPayloadBytes)
        {
            error = $"payload of {payload.Length} bytes exceeds the {WireLimits.MaxPayloadBytes}-byte limit";
            return IngressOutcome.Invalid;
        }

        var parsed = DeviceMessageReader.TryRead(payload, strings, out verbatim, out error);
        if (parsed is null)
        {
            return IngressOutcome.Invalid;
        }

        error = Check(sequence.DeviceId, parsed, time.GetUtcNow());
        if (error is not null)
        {
            return IngressOutcome.Invalid;
        }

        message = parsed;
        return sequence.TryAdmit(parsed.Sequence) ? IngressOutcome.Accepted : IngressOutcome.Duplicate;
    }

    /// <summary>Null when the message is valid, else the first reason it is not.</summary>
    public static string? Check(string deviceId, DeviceMessage m, DateTimeOffset now)
    {
        if (m.SchemaVersion != WireSchema.Version)
        {
            return $"unsupported schema version {m.SchemaVersion} (expected {WireSchema.Version})";
        }

        if (m.DeviceId != deviceId)
        {
            return $"message names device '{m.DeviceId}' but was published by '{deviceId}'";
        }

        if (m.Sequence < 0)
        {
            return "sequence is missing or negative";
        }

        if (!TopicScheme.IsValidId(m.SensorId))
        {
            return "sensor id is invalid";
        }

        if (!MessageKinds.IsKnown(m.Kind))
        {
            return $"unknown kind '{m.Kind}'";
        }

        if (m.Value is null && !m.IsEmptySummary)
        {
            return "value is missing";
        }

        if (m.Count is < 0)
        {
            return "summary count is negative";
        }

        if (m.Value is { } v && !double.IsFinite(v)
            || m.ZScore is { } z && !double.IsFinite(z)
            || m.BaselineMean is { } bm && !double.IsFinite(bm)
            || m.BaselineStd is { } bs && !double.IsFinite(bs)
            || m.Std is { } sd && !double.IsFinite(sd))
        {
            return "a value is not a finite number";
        }

        // The unit is checked for every message (an empty summary too); ranges apply to the values present.
        var range = SensorRanges.Check(m.SensorType, m.Unit, m.Value, "value")
            ?? (m.Min is { } min ? SensorRanges.Check(m.SensorType, m.Unit, min, "min") : null)
            ?? (m.Max is { } max ? SensorRanges.Check(m.SensorType, m.Unit, max, "max") : null);
        if (range is not null)
        {
            return range;
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
        services.AddSingleton<SequenceTracker>().AddSingleton<IngressValidator>();
}
