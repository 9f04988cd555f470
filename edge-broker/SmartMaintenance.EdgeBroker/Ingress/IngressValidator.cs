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
    /// <summary>Accepted as the first reading of a new epoch: the device restarted its sequence counter.</summary>
    Restarted,
}

/// <summary>Which field of a refused message lay outside its representable or plausible range (None: another reason).</summary>
public enum RangeField
{
    None,
    Sequence,
    Timestamp,
    Uptime,
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
        Validate(sequence, payload, null, out message, out _, out _, out _, out error);

    /// <summary>
    /// As above, parsing with the device's string tables; <paramref name="verbatim"/> says whether the payload may be
    /// stored as it came (see <see cref="DeviceMessageReader"/>). The checks are the same either way.
    /// </summary>
    internal IngressOutcome Validate(DeviceSequence sequence, ReadOnlySequence<byte> payload, DeviceStrings? strings,
        out DeviceMessage? message, out bool verbatim, out long cloudSequence, out RangeField outOfRange, out string? error)
    {
        message = null;
        verbatim = false;
        cloudSequence = -1;
        outOfRange = RangeField.None;
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

        error = Check(sequence.DeviceId, parsed, time.GetUtcNow(), out outOfRange);
        if (error is not null)
        {
            return IngressOutcome.Invalid;
        }

        message = parsed;
        return sequence.Admit(parsed.Sequence, out cloudSequence) switch
        {
            SequenceOutcome.Admitted => IngressOutcome.Accepted,
            SequenceOutcome.Restarted => IngressOutcome.Restarted,
            _ => IngressOutcome.Duplicate,
        };
    }

    /// <summary>Null when the message is valid, else the first reason it is not.</summary>
    public static string? Check(string deviceId, DeviceMessage m, DateTimeOffset now) => Check(deviceId, m, now, out _);

    /// <summary>
    /// As above; <paramref name="outOfRange"/> names the field when the reason is a number outside its range
    /// (sequence above <see cref="WireLimits.MaxSequence"/>, a valid clock's timestamp outside
    /// [<see cref="WireLimits.MinTimestampMs"/>, now + <see cref="WireLimits.MaxClockSkewMs"/>], uptime outside
    /// [0, <see cref="WireLimits.MaxUptimeMs"/>]). These are checked on the raw numbers, before anything converts
    /// them to a date: year 10000 or before year 1 must be a refusal, not an exception in the receive loop.
    /// </summary>
    public static string? Check(string deviceId, DeviceMessage m, DateTimeOffset now, out RangeField outOfRange)
    {
        outOfRange = RangeField.None;
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

        if (m.Sequence > WireLimits.MaxSequence)
        {
            outOfRange = RangeField.Sequence;
            return $"sequence {m.Sequence} is above the maximum {WireLimits.MaxSequence}";
        }

        if (m.ClockValid is not (0 or 1))
        {
            return $"clock-valid flag must be 0 or 1, not {m.ClockValid}";
        }

        if (m.ClockValid == 1 && m.TimestampMs is { } ms
            && (ms < WireLimits.MinTimestampMs || ms > now.ToUnixTimeMilliseconds() + WireLimits.MaxClockSkewMs))
        {
            outOfRange = RangeField.Timestamp;
            return ms < WireLimits.MinTimestampMs
                ? $"timestamp {ms} ms lies before {WireLimits.MinTimestampMs} ms (2020-01-01T00:00:00Z): the clock is not set"
                : $"timestamp {ms} ms lies in the future beyond the allowed clock skew";
        }

        if (m.UptimeMs is { } up && (up < 0 || up > WireLimits.MaxUptimeMs))
        {
            outOfRange = RangeField.Uptime;
            return $"uptime {up} ms is outside 0-{WireLimits.MaxUptimeMs} ms";
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

        return null;
    }
}

public static class IngressExtensions
{
    public static IServiceCollection AddIngress(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SequenceOptions>()
            .Bind(configuration.GetSection(SequenceOptions.Section))
            .PostConfigure<Microsoft.Extensions.Options.IOptions<Outbox.OutboxOptions>>((o, outbox) => o.Directory ??= BesideOutbox(outbox.Value.Directory))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<SequenceTracker>().AddSingleton<IngressValidator>();
        // Stops after MQTT (registered before it): the last save sees every reading admitted.
        services.AddHostedService(sp => sp.GetRequiredService<SequenceTracker>());
        return services;
    }

    /// <summary>data/outbox -> data/sequences: the broker's data folder is wherever its outbox is.</summary>
    private static string? BesideOutbox(string? outbox) =>
        string.IsNullOrWhiteSpace(outbox) ? null : Path.Combine(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(outbox)) ?? "", "sequences");
}
