using System.IO.Compression;
using System.Text.Json;
using Microsoft.ML;
using SmartMaintenance.Cloud.Ml.Training;

namespace SmartMaintenance.Cloud.Ml.Rul;

/// <summary>
/// The fitted RUL regression and its manifest, serialized as one zip (model.zip, manifest.json) so one SHA-256
/// covers both. Thread-safe: PredictionEngine is not, and RUL requests are rare (a planner's question, not a
/// per-reading one), so one engine behind a lock is enough.
/// </summary>
public sealed class RulModel(MLContext ml, ITransformer model, RulManifest manifest)
{
    private readonly Lock _lock = new();
    private PredictionEngine<RulRow, RulScore>? _engine;

    public ITransformer Model { get; } = model;
    public RulManifest Manifest { get; } = manifest;

    /// <summary>Cycles a history needs at least (the window is shorter at the start of life, but the drift needs its 10 start cycles).</summary>
    public const int MinimumCycles = 10;

    /// <summary>The estimate after the last cycle of the history (each element: the 21 sensor values of one cycle).</summary>
    public RulEstimate Predict(IReadOnlyList<float[]> history, string name, int version)
    {
        if (history.Count < MinimumCycles) throw new ArgumentException($"at least {MinimumCycles} cycles are needed", nameof(history));
        var features = RulFeatures.Build(history, history.Count);
        float score;
        lock (_lock)
        {
            _engine ??= ml.Model.CreatePredictionEngine<RulRow, RulScore>(Model);
            score = _engine.Predict(new RulRow { Features = features }).Score;
        }

        return Estimate(score, history.Count, name, version);
    }

    public RulEstimate Estimate(double predicted, int cycles, string name, int version)
    {
        var rul = Math.Clamp(predicted, 0, Manifest.Options.Cap);
        var band = Band(Manifest.Bands, rul);
        return new RulEstimate(rul, Math.Max(0, rul + band.Low), rul + band.High, Manifest.IntervalNominal, Manifest.Options.Cap, cycles, name, version);
    }

    internal static RulIntervalBand Band(IReadOnlyList<RulIntervalBand> bands, double rul) =>
        bands.FirstOrDefault(b => rul >= b.From && rul < b.To) ?? bands[^1];

    public byte[] ToBytes()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            TrainedModel.Save(zip, "model.zip", s => ml.Model.Save(Model, ml.Data.LoadFromEnumerable(Array.Empty<RulRow>()).Schema, s));
            TrainedModel.Save(zip, "manifest.json", s => JsonSerializer.Serialize(s, Manifest, TrainedModel.Json));
        }

        return buffer.ToArray();
    }

    public static RulModel FromBytes(byte[] bytes)
    {
        var ml = new MLContext(0);
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        var model = TrainedModel.Load(zip, "model.zip", s => ml.Model.Load(s, out _));
        var manifest = TrainedModel.Load(zip, "manifest.json", s => JsonSerializer.Deserialize<RulManifest>(s, TrainedModel.Json))
            ?? throw new InvalidDataException("RUL artifact has an empty manifest");
        if (!manifest.FeatureNames.SequenceEqual(RulFeatures.Names))
        {
            throw new InvalidDataException("RUL artifact was trained on another feature schema");
        }

        return new RulModel(ml, model, manifest);
    }
}
