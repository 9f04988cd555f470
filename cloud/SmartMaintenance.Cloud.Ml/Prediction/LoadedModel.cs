using System.Diagnostics;
using Microsoft.Extensions.ObjectPool;
using Microsoft.ML;
using SmartMaintenance.Cloud.Ml.Data;
using SmartMaintenance.Cloud.Ml.Explanation;
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
        if (model.Explainer is { } explainer)
        {
            _shap = new TreeShap(explainer.Ensemble, explainer.Background, FeatureBuilder.Count);
            _backgroundMeans = Enumerable.Range(0, FeatureBuilder.Count).Select(i => explainer.Background.Average(b => (double)b[i])).ToArray();
        }
    }

    private readonly TreeShap? _shap;
    private readonly double[]? _backgroundMeans;

    private readonly SemaphoreSlim _gate;

    public async ValueTask<FailurePrediction> PredictAsync(MachineReading reading, bool explain, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return Predict(reading, explain);
        }
        finally
        {
            _gate.Release();
        }
    }

    public ModelVersion Version { get; }

    private FailurePrediction Predict(MachineReading reading, bool explain)
    {
        var started = Stopwatch.GetTimestamp();
        var manifest = _model.Manifest;
        var features = FeatureBuilder.Build(reading);
        var failure = _failure.Get();
        FailureScore output;
        try
        {
            output = failure.Predict(new FailureRow { Features = features });
        }
        finally
        {
            _failure.Return(failure);
        }

        var probability = manifest.Calibration is { } map ? map.Probability(output.Score) : output.Probability;
        var explanation = explain ? Explain(features) : null;

        var modeEngine = _modes.Get();
        float[] scores;
        try
        {
            scores = modeEngine.Predict(new ModeRow { Features = features }).Score;
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

        var top = explanation is null
            ? []
            : explanation.Contributions.OrderByDescending(c => Math.Abs(c.Contribution)).ToList();
        return new FailurePrediction(
            probability >= manifest.Threshold ? 1 : 0,
            probability,
            manifest.Threshold,
            modes,
            top,
            Version.Name,
            Version.Version,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds)
        {
            Calibrated = manifest.Calibration is not null,
            Explanation = explanation,
        };
    }

    /// <summary>
    /// Shapley values of the raw score, mapped into the space of the served probability: with a Platt map the
    /// calibrated log-odds are −Slope · score − Offset, linear in the score, so each value scales by −Slope and the
    /// base value is the map of the background's mean score.
    /// </summary>
    private FailureExplanation? Explain(float[] features)
    {
        if (_shap is null) return null;
        var phi = _shap.Explain(features);
        var map = _model.Manifest.Calibration;
        var scale = map is null ? 1 : -map.Slope;
        var baseValue = map is null ? _shap.ExpectedScore : map.LogOdds(_shap.ExpectedScore);
        var contributions = new List<FeatureContribution>(phi.Length);
        var sum = baseValue;
        for (var i = 0; i < phi.Length; i++)
        {
            contributions.Add(new FeatureContribution(FeatureBuilder.Names[i], features[i], _backgroundMeans![i], phi[i] * scale));
            sum += phi[i] * scale;
        }

        return new FailureExplanation(map is null ? FailureExplanation.RawScore : FailureExplanation.CalibratedLogOdds, baseValue, sum, contributions);
    }

    private sealed class EnginePolicy<TIn, TOut>(Func<PredictionEngine<TIn, TOut>> create) : IPooledObjectPolicy<PredictionEngine<TIn, TOut>>
        where TIn : class
        where TOut : class, new()
    {
        public PredictionEngine<TIn, TOut> Create() => create();

        public bool Return(PredictionEngine<TIn, TOut> obj) => true;
    }
}
