using System.Text.Json.Serialization;
using SmartMaintenance.Cloud.Agents.Acquisition;

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

public sealed record SimulationResult(string Kind, string CorrelationId, string DeviceId, string SensorId, string SensorType,
    int Count, IReadOnlyList<int> AnomalyIndexes, double DriftSize, DateTimeOffset From, DateTimeOffset To,
    IReadOnlyList<long> ReadingIds);

/// <summary>
/// Generates readings (seeded noise around a baseline of the sensor type; spikes at random positions; a linear
/// drift of the mean over the second half) and writes them through the real reading store, so they travel
/// the whole pipeline under one correlation id.
/// </summary>
public sealed class Simulator(IReadingWriter writer, AcquisitionSignal signal, TimeProvider time)
{
    public const int MaxCount = 10_000;

    private static readonly Dictionary<string, (double Mean, double Noise, string Unit)> Baselines = new(StringComparer.OrdinalIgnoreCase)
    {
        ["temperature"] = (60, 0.5, "C"),
        ["vibration"] = (2.0, 0.1, "m/s2"),
        ["current"] = (8, 0.2, "A"),
        ["pressure"] = (6, 0.1, "bar"),
    };

    public static Dictionary<string, string[]> Validate(SimulationRequest r)
    {
        var errors = new Dictionary<string, string[]>();
        if (r.Count is < 1 or > MaxCount) errors["count"] = [$"count must be between 1 and {MaxCount}."];
        if (r.SensorType is not null && !Baselines.ContainsKey(r.SensorType))
            errors["sensor_type"] = [$"sensor_type must be one of {string.Join(", ", Baselines.Keys)}."];
        if (r.Anomalies is < 0 || (r.Anomalies ?? 0) > (r.Count ?? 200)) errors["anomalies"] = ["anomalies must be between 0 and count."];
        if (r.DriftSize is { } d && (!double.IsFinite(d) || Math.Abs(d) > 100)) errors["drift_size"] = ["drift_size must be finite, |drift_size| <= 100 (in noise standard deviations)."];
        foreach (var (field, id) in new[] { ("device_id", r.DeviceId), ("sensor_id", r.SensorId) })
        {
            if (id is not null && (id.Length is 0 or > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
                errors[field] = [$"{field} must be 1-64 characters of letters, digits, '-', '_' or '.'."];
        }

        return errors;
    }

    public async Task<SimulationResult> RunAsync(SimulationKind kind, SimulationRequest r, CancellationToken cancellationToken)
    {
        var type = r.SensorType ?? "temperature";
        var (mean, noise, unit) = Baselines[type];
        var count = r.Count ?? 200;
        var random = new Random(r.Seed ?? 42);
        var now = time.GetUtcNow();
        var correlation = $"sim-{kind.ToString().ToLowerInvariant()}-{now:yyyyMMddHHmmssfff}-{random.Next(1000, 9999)}";
        var device = r.DeviceId ?? "simulator";
        var sensor = r.SensorId ?? $"sim-{type}";
        var anomalies = kind == SimulationKind.Anomaly
            ? Enumerable.Range(count / 2, count - count / 2).OrderBy(_ => random.Next()).Take(r.Anomalies ?? 1).Order().ToList()
            : [];
        var drift = kind == SimulationKind.Drift ? r.DriftSize ?? 4 : 0;
        var readings = new List<GeneratedReading>(count);
        for (var i = 0; i < count; i++)
        {
            // Sum of two uniforms: a bounded, bell-shaped noise (no outliers unless injected).
            var value = mean + noise * (random.NextDouble() + random.NextDouble() - 1) * 2;
            if (drift != 0 && i >= count / 2)
            {
                value += drift * noise * (i - count / 2 + 1) / (count - count / 2);
            }

            if (anomalies.Contains(i))
            {
                value += noise * 40;
            }

            readings.Add(new GeneratedReading(device, sensor, type, unit, Math.Round(value, 4), now.AddSeconds(i - count + 1), correlation));
        }

        var ids = await writer.AppendAsync(readings, cancellationToken);
        signal.Notify();
        return new SimulationResult(kind.ToString().ToLowerInvariant(), correlation, device, sensor, type, count, anomalies, drift,
            readings[0].Timestamp, readings[^1].Timestamp, ids);
    }
}
