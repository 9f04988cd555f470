using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.Prediction;
using SmartMaintenance.Cloud.Agents.Units;
using SmartMaintenance.Cloud.Ml.Data;
using SmartMaintenance.Cloud.Storage;

namespace SmartMaintenance.Cloud.Ml;

/// <summary>
/// A machine's failure-model inputs over a time span, read back from the stored readings: the sensors the
/// prediction agent maps to the model (Cloud:Agents:Prediction:ModelInputs), converted to the model's units, one
/// row per reading time once all five are known (the last value of each carries forward, as the agent does). The
/// values just before the span seed the carry-forward, so the first rows are complete. The product type is the
/// one the agent predicts with (MachineReading.DefaultType), so the plant's rows look like what the model serves.
/// </summary>
public sealed class PlantWindow(IReadingStore readings, IOptions<PredictionOptions> prediction)
{
    /// <summary>At most this many rows per label (the latest): a long incident must not outweigh the rest.</summary>
    public const int MaxRows = 300;

    /// <summary>How far before the span a sensor's last value is looked for.</summary>
    public static readonly TimeSpan Seed = TimeSpan.FromMinutes(10);

    public async Task<(IReadOnlyList<MachineReading> Rows, string? Problem)> ReadAsync(string deviceId, DateTimeOffset from, DateTimeOffset to,
        CancellationToken cancellationToken)
    {
        var names = PredictionOptions.InputNames;
        var series = new List<(DateTimeOffset At, int Input, double Value)>();
        var missing = new List<string>();
        for (var i = 0; i < names.Length; i++)
        {
            var sensorId = prediction.Value.ModelInputs[names[i]];
            // The stores keep milliseconds and their To is exclusive: one millisecond past the span's end includes its last
            // reading (a tick past it did not: the incident's last abnormal reading was left out of its label).
            var rows = await readings.QueryAsync(new ReadingQuery(SensorId: sensorId, DeviceId: deviceId, From: from - Seed, To: to.AddMilliseconds(1),
                Limit: 10_000), cancellationToken);
            var converted = 0;
            foreach (var r in rows)
            {
                if (UnitConversion.TryConvert(r.Value, r.Unit, PredictionOptions.InputUnits[i], out var value) && double.IsFinite(value))
                {
                    series.Add((r.Timestamp, i, value));
                    converted++;
                }
            }

            if (converted == 0) missing.Add(sensorId);
        }

        if (missing.Count > 0)
        {
            return ([], $"{deviceId} has no readings of {string.Join(", ", missing)} (in a unit the model takes) between {from - Seed:u} and {to:u}");
        }

        var last = new double[names.Length];
        var known = new bool[names.Length];
        var window = new List<MachineReading>();
        foreach (var group in series.OrderBy(s => s.At).GroupBy(s => s.At))
        {
            foreach (var s in group)
            {
                last[s.Input] = s.Value;
                known[s.Input] = true;
            }

            if (group.Key >= from && known.All(k => k))
            {
                window.Add(new MachineReading(MachineReading.DefaultType, last[0], last[1], last[2], last[3], last[4]));
            }
        }

        return window.Count == 0
            ? ([], $"{deviceId} has no reading time between {from:u} and {to:u} with all five model inputs known")
            : (window.Count > MaxRows ? window[^MaxRows..] : window, null);
    }
}
