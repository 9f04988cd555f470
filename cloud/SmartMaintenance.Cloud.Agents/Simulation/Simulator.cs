using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.Acquisition;
using SmartMaintenance.Cloud.Agents.Demo;
using SmartMaintenance.Cloud.Agents.DriftDetection;

namespace SmartMaintenance.Cloud.Agents.Simulation;

public enum SimulationKind { Normal, Anomaly, Drift }

/// <summary>POST /api/v1/simulate/{kind} body. Missing values take the defaults shown.</summary>
public sealed record SimulationRequest(
    [property: JsonPropertyName("device_id")] string? DeviceId = null,
    [property: JsonPropertyName("sensor_id")] string? SensorId = null,
    [property: JsonPropertyName("sensor_type")] string? SensorType = null,
    [property: JsonPropertyName("count")] int? Count = null,
    [property: JsonPropertyName("anomalies")] int? Anomalies = null,
    [property: JsonPropertyName("drift_size")] double? DriftSize = null,
    [property: JsonPropertyName("seed")] int? Seed = null);

/// <summary>What was generated. DriftFrom: index of the first drifted reading (drift only; earlier ones are the reference stretch).</summary>
public sealed record SimulationResult(string Kind, string CorrelationId, string DeviceId, string SensorId, string SensorType,
    int Count, IReadOnlyList<int> AnomalyIndexes, double DriftSize, int? DriftFrom, DateTimeOffset From, DateTimeOffset To,
    IReadOnlyList<long> ReadingIds);

/// <summary>
/// Generates readings (seeded noise around a baseline of the sensor type; spikes at random positions in the second
/// half; for drift, a reference stretch at the baseline then a linear drift of the mean) and writes them through the
/// real reading store, so they travel the whole pipeline under one correlation id.
/// </summary>
/// <remarks>
/// A drift simulation is sized for the drift agent, which tests a sensor only once it holds a full reference window
/// and a full recent window (Cloud:Agents:Drift ReferenceSize + RecentSize, 200 + 200 by default): its default count
/// is that sum, a smaller count is refused, and the drift starts after ReferenceSize readings, so the reference the
/// agent keeps is undrifted. The windows belong to the (device, sensor): use a fresh one for a clean demonstration.
/// </remarks>
/// Simulated devices belong to the demo site (<see cref="IDemoSite"/>): the run registers its device there, and a fleet
/// device is refused (<see cref="ValidateAsync"/>), so simulated data never mixes with a machine's.
public sealed class Simulator(IReadingWriter writer, AcquisitionSignal signal, TimeProvider time, IOptions<DriftOptions> driftOptions,
    IDemoSite demo)
{
    public const int DefaultCount = 200;

    public const int MaxCount = 10_000;

    private static readonly Dictionary<string, (double Mean, double Noise, string Unit)> Baselines = new(StringComparer.OrdinalIgnoreCase)
    {
        ["temperature"] = (60, 0.5, "C"),
        ["vibration"] = (2.0, 0.1, "m/s2"),
        ["current"] = (8, 0.2, "A"),
        ["pressure"] = (6, 0.1, "bar"),
    };

    /// <summary>The readings a drift simulation needs by default and at least: the drift agent's two windows.</summary>
    public int DriftCount => driftOptions.Value.ReferenceSize + driftOptions.Value.RecentSize;

    /// <summary>Every problem of the request for this kind, by field (empty when valid); a drift needs DriftCount readings.</summary>
    public Dictionary<string, string[]> Validate(SimulationKind kind, SimulationRequest r)
    {
        var count = r.Count ?? CountFor(kind);
        var errors = Validate(r with { Count = count });
        if (kind == SimulationKind.Drift && !errors.ContainsKey("count") && count < DriftCount)
            errors["count"] = [$"a drift simulation needs at least {DriftCount} readings: the drift agent compares a reference window of " +
                $"{driftOptions.Value.ReferenceSize} with a recent window of {driftOptions.Value.RecentSize} (Cloud:Agents:Drift)."];
        return errors;
    }

    /// <summary>The checks that do not depend on the kind (the Dashboard's Simulation page uses these).</summary>
    public static Dictionary<string, string[]> Validate(SimulationRequest r)
    {
        var errors = new Dictionary<string, string[]>();
        var count = r.Count ?? DefaultCount;
        if (count is < 1 or > MaxCount) errors["count"] = [$"count must be between 1 and {MaxCount}."];
        if (r.SensorType is not null && !Baselines.ContainsKey(r.SensorType))
            errors["sensor_type"] = [$"sensor_type must be one of {string.Join(", ", Baselines.Keys)}."];
        if (r.Anomalies is < 0 || (r.Anomalies ?? 0) > count) errors["anomalies"] = ["anomalies must be between 0 and count."];
        if (r.DriftSize is { } d && (!double.IsFinite(d) || Math.Abs(d) > 100)) errors["drift_size"] = ["drift_size must be finite, |drift_size| <= 100 (in noise standard deviations)."];
        foreach (var (field, id) in new[] { ("device_id", r.DeviceId), ("sensor_id", r.SensorId) })
        {
            if (id is not null && (id.Length is 0 or > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
                errors[field] = [$"{field} must be 1-64 characters of letters, digits, '-', '_' or '.'."];
        }

        return errors;
    }

    /// <summary><see cref="Validate(SimulationKind, SimulationRequest)"/> and the device's site: only demo devices are simulated.</summary>
    public async Task<Dictionary<string, string[]>> ValidateAsync(SimulationKind kind, SimulationRequest r, CancellationToken cancellationToken)
    {
        var errors = Validate(kind, r);
        if (errors.Count == 0 && !await EnsureDemoDeviceAsync(r.DeviceId, cancellationToken))
        {
            errors["device_id"] = [FleetDeviceMessage(r.DeviceId)];
        }

        return errors;
    }

    /// <summary>Registers the run's device under the demo site; false when it is a fleet device (never simulated).</summary>
    public Task<bool> EnsureDemoDeviceAsync(string? deviceId, CancellationToken cancellationToken) =>
        demo.EnsureDeviceAsync(deviceId ?? DemoSite.SimulatorDevice, cancellationToken);

    public static string FleetDeviceMessage(string? deviceId) =>
        $"device_id '{deviceId}' is a device of the fleet; simulations write only to devices of the '{DemoSite.Name}' site.";

    private int CountFor(SimulationKind kind) => kind == SimulationKind.Drift ? DriftCount : DefaultCount;

    public async Task<SimulationResult> RunAsync(SimulationKind kind, SimulationRequest r, CancellationToken cancellationToken)
    {
        var type = r.SensorType ?? "temperature";
        var (mean, noise, unit) = Baselines[type];
        var count = r.Count ?? CountFor(kind);
        var random = new Random(r.Seed ?? 42);
        var now = time.GetUtcNow();
        var correlation = $"sim-{kind.ToString().ToLowerInvariant()}-{now:yyyyMMddHHmmssfff}-{random.Next(1000, 9999)}";
        var device = r.DeviceId ?? DemoSite.SimulatorDevice;
        if (!await demo.EnsureDeviceAsync(device, cancellationToken))
        {
            throw new InvalidOperationException(FleetDeviceMessage(device));
        }

        var sensor = r.SensorId ?? $"sim-{type}";
        var anomalies = kind == SimulationKind.Anomaly
            ? Enumerable.Range(count / 2, count - count / 2).OrderBy(_ => random.Next()).Take(r.Anomalies ?? 1).Order().ToList()
            : [];
        var drift = kind == SimulationKind.Drift ? r.DriftSize ?? 4 : 0;
        // Long enough for the drift agent: drift after its reference window. Shorter (callers that skipped Validate): the
        // second half drifts, as it always did, though the agent will not test it.
        int? driftFrom = kind != SimulationKind.Drift ? null : count >= DriftCount ? driftOptions.Value.ReferenceSize : count / 2;
        var readings = new List<GeneratedReading>(count);
        for (var i = 0; i < count; i++)
        {
            // Sum of two uniforms: a bounded, bell-shaped noise (no outliers unless injected).
            var value = mean + noise * (random.NextDouble() + random.NextDouble() - 1) * 2;
            if (driftFrom is { } start && i >= start)
            {
                value += drift * noise * (i - start + 1) / (count - start);
            }

            if (anomalies.Contains(i))
            {
                value += noise * 40;
            }

            readings.Add(new GeneratedReading(device, sensor, type, unit, Math.Round(value, 4), now.AddSeconds(i - count + 1), correlation));
        }

        var ids = await writer.AppendAsync(readings, cancellationToken);
        signal.Notify();
        return new SimulationResult(kind.ToString().ToLowerInvariant(), correlation, device, sensor, type, count, anomalies, drift, driftFrom,
            readings[0].Timestamp, readings[^1].Timestamp, ids);
    }
}
