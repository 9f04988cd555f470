using System.Diagnostics;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using SmartMaintenance.Cloud.Ml.Data;
using SmartMaintenance.Cloud.Ml.Features;
using SmartMaintenance.Cloud.Ml.Registry;
using SmartMaintenance.Cloud.Ml.Training;

namespace SmartMaintenance.Cloud.Ml.Prediction;

/// <summary>
/// A verified, loaded model version. PredictionEngine is not thread-safe, so engines are pooled: each call
/// borrows one per model, uses it, and gives it back.
/// </summary>
internal sealed class LoadedModel
{
    private static readonly string[] Inputs = ["Type", "Air_temperature_K", "Process_temperature_K", "Rotational_speed_rpm", "Torque_Nm", "Tool_wear_min"];

    private readonly ObjectPool<PredictionEngine<FailureRow, FailureScore>> _failure;
    private readonly ObjectPool<PredictionEngine<ModeRow, ModeScore>> _modes;
    private readonly TrainedModel _model;

    public LoadedModel(ModelVersion version, TrainedModel model)
    {
        Version = version;
        _model = model;
        // Creating an engine costs far more than a prediction, and predictions are CPU-bound: a few engines, as
        // many as callers may run at once, all created up front. More concurrent callers wait for the gate instead
        // of creating engines under load (which turned a burst into a spiral of engine creation).
        var engines = Math.Max(2, Environment.ProcessorCount * 2);
        _gate = new SemaphoreSlim(engines, engines);
        var provider = new DefaultObjectPoolProvider { MaximumRetained = engines };
        _failure = provider.Create(new EnginePolicy<FailureRow, FailureScore>(() => model.Context.Model.CreatePredictionEngine<FailureRow, FailureScore>(model.Failure)));
        _modes = provider.Create(new EnginePolicy<ModeRow, ModeScore>(() => model.Context.Model.CreatePredictionEngine<ModeRow, ModeScore>(model.Modes)));
        var failures = Enumerable.Range(0, engines).Select(_ => _failure.Get()).ToList();
        var modes = Enumerable.Range(0, engines).Select(_ => _modes.Get()).ToList();
        failures.ForEach(_failure.Return);
        modes.ForEach(_modes.Return);
    }

    private readonly SemaphoreSlim _gate;

    public async ValueTask<FailurePrediction> PredictAsync(MachineReading reading, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return Predict(reading);
        }
        finally
        {
            _gate.Release();
        }
    }

    public ModelVersion Version { get; }

    private FailurePrediction Predict(MachineReading reading)
    {
        var started = Stopwatch.GetTimestamp();
        var manifest = _model.Manifest;
        var failure = _failure.Get();
        double probability;
        var contributions = new List<FeatureContribution>(Inputs.Length);
        try
        {
            probability = Probability(failure, reading);
            foreach (var input in Inputs)
            {
                var (value, baseline, replaced) = Replace(reading, manifest.Baseline, input);
                contributions.Add(new FeatureContribution(input, value, baseline, probability - Probability(failure, replaced)));
            }
        }
        finally
        {
            _failure.Return(failure);
        }

        var modeEngine = _modes.Get();
        float[] scores;
        try
        {
            scores = modeEngine.Predict(new ModeRow { Features = FeatureBuilder.Build(reading) }).Score;
        }
        finally
        {
            _modes.Return(modeEngine);
        }

        var modes = new Dictionary<string, double>(manifest.ModeNames.Count);
        for (var i = 0; i < manifest.ModeNames.Count; i++)
        {
            modes[manifest.ModeNames[i]] = scores[i];
        }

        contributions.Sort((a, b) => Math.Abs(b.Contribution).CompareTo(Math.Abs(a.Contribution)));
        return new FailurePrediction(
            probability >= manifest.Threshold ? 1 : 0,
            probability,
            manifest.Threshold,
            modes,
            contributions,
            Version.Name,
            Version.Version,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private static double Probability(PredictionEngine<FailureRow, FailureScore> engine, MachineReading r) =>
        engine.Predict(new FailureRow { Features = FeatureBuilder.Build(r) }).Probability;

    private static (double Value, double Baseline, MachineReading Replaced) Replace(MachineReading r, MachineReading b, string input) => input switch
    {
        "Type" => (TypeCode(r.Type), TypeCode(b.Type), r with { Type = b.Type }),
        "Air_temperature_K" => (r.AirTemperatureK, b.AirTemperatureK, r with { AirTemperatureK = b.AirTemperatureK }),
        "Process_temperature_K" => (r.ProcessTemperatureK, b.ProcessTemperatureK, r with { ProcessTemperatureK = b.ProcessTemperatureK }),
        "Rotational_speed_rpm" => (r.RotationalSpeedRpm, b.RotationalSpeedRpm, r with { RotationalSpeedRpm = b.RotationalSpeedRpm }),
        "Torque_Nm" => (r.TorqueNm, b.TorqueNm, r with { TorqueNm = b.TorqueNm }),
        _ => (r.ToolWearMin, b.ToolWearMin, r with { ToolWearMin = b.ToolWearMin }),
    };

    /// <summary>Type as a number in the contribution list: L = 0, M = 1, H = 2 (quality order).</summary>
    private static double TypeCode(char type) => type switch { 'M' => 1, 'H' => 2, _ => 0 };

    private sealed class EnginePolicy<TIn, TOut>(Func<PredictionEngine<TIn, TOut>> create) : IPooledObjectPolicy<PredictionEngine<TIn, TOut>>
        where TIn : class
        where TOut : class, new()
    {
        public PredictionEngine<TIn, TOut> Create() => create();

        public bool Return(PredictionEngine<TIn, TOut> obj) => true;
    }
}
