using System.Globalization;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.Prediction;
using SmartMaintenance.Cloud.Ml.Registry;
using SmartMaintenance.Cloud.Ml.Rul;
using SmartMaintenance.Cloud.Storage;

namespace SmartMaintenance.Cloud.Ml;

/// <summary>
/// The prediction agent's RUL estimates. "Applies" is decided by the machine's own readings: the RUL model is
/// used only for a machine that reports the C-MAPSS sensors the model reads (sensor ids cmapss.s2 ... cmapss.s21,
/// RulApplicability), one reading of each per flight cycle; every other machine gets no estimate, never one from
/// readings the model was not trained on. The machine's cycles are read back from the reading store (one cycle per
/// reading time holding all the model's sensors, up to the triggering reading, the last MaxCycles), estimated
/// with the production RUL model and kept as its latest estimate (RulEstimateStore).
/// </summary>
internal sealed class RulEstimator(IReadingStore readings, RulPredictor predictor, RulEstimateStore store, IOptions<MlOptions> options,
    TimeProvider time) : IRulEstimator
{
    /// <summary>Longer than any FD001 engine (362 cycles): the model's features only look at the first 10 and last 30.</summary>
    public const int MaxCycles = 400;

    public async Task<string> EstimateAsync(string deviceId, DateTimeOffset upTo, CancellationToken cancellationToken)
    {
        var (cycles, lastAt, problem) = await CyclesAsync(deviceId, upTo, cancellationToken);
        if (problem is not null) return "no RUL: " + problem;
        try
        {
            var e = await predictor.PredictAsync(options.Value.RulModelName, ModelRegistry.Auto, cycles, cancellationToken);
            await store.SaveAsync(new MachineRul(deviceId, e.Rul, e.Low, e.High, e.IntervalCoverage, e.Cap, e.CyclesSeen, lastAt, time.GetUtcNow(),
                e.ModelName, e.ModelVersion), cancellationToken);
            return string.Create(CultureInfo.InvariantCulture,
                $"RUL {e.Rul:F0} cycles [{e.Low:F0}, {e.High:F0}] ({e.IntervalCoverage:P0} interval) from {e.CyclesSeen} cycles, {e.ModelName} v{e.ModelVersion}");
        }
        catch (ModelNotFoundException e)
        {
            return "no RUL: " + e.Message;
        }
        catch (ArgumentException e)
        {
            return "no RUL: " + e.Message;
        }
    }

    /// <summary>The machine's cycles (21 values each; the sensors the model does not read are 0 when not reported).</summary>
    internal async Task<(IReadOnlyList<float[]> Cycles, DateTimeOffset LastAt, string? Problem)> CyclesAsync(string deviceId, DateTimeOffset upTo,
        CancellationToken cancellationToken)
    {
        var bySensor = new Dictionary<int, Dictionary<DateTimeOffset, float>>();
        for (var s = 0; s < CmapssLoader.SensorCount; s++)
        {
            var rows = await readings.QueryAsync(new ReadingQuery(SensorId: RulApplicability.SensorPrefix + (s + 1), DeviceId: deviceId, To: upTo.AddTicks(1),
                Limit: 10_000), cancellationToken);
            if (rows.Count > 0)
            {
                var values = new Dictionary<DateTimeOffset, float>();
                foreach (var r in rows) values[r.Timestamp] = (float)r.Value;
                bySensor[s] = values;
            }
        }

        var applies = RulApplicability.For(bySensor.Keys.Select(s => RulApplicability.SensorPrefix + (s + 1)));
        if (!applies.Applies)
        {
            return ([], default, $"{deviceId} does not report the C-MAPSS sensors the model reads (missing {string.Join(", ", applies.MissingSensors)})");
        }

        var required = RulFeatures.Sensors;
        var times = bySensor[required[0]].Keys.Where(t => required.All(s => bySensor[s].ContainsKey(t))).Order().ToList();
        if (times.Count > MaxCycles) times = times[^MaxCycles..];
        var cycles = times.Select(t =>
        {
            var row = new float[CmapssLoader.SensorCount];
            foreach (var (s, values) in bySensor) row[s] = values.GetValueOrDefault(t);
            return row;
        }).ToList();
        return cycles.Count < RulModel.MinimumCycles
            ? ([], default, $"{deviceId} has {cycles.Count} complete cycles, the model needs {RulModel.MinimumCycles}")
            : (cycles, times[^1], null);
    }
}
