using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.ML;
using SmartMaintenance.Cloud.Ml.Data;
using SmartMaintenance.Cloud.Ml.Evaluation;
using SmartMaintenance.Cloud.Ml.Features;
using SmartMaintenance.Cloud.Ml.Registry;
using SmartMaintenance.Cloud.Ml.Training;

namespace SmartMaintenance.Cloud.Ml.Plant;

/// <summary>
/// Learning from the plant: a challenger is trained on the baseline data plus the plant's labels (the training
/// share), then judged on the held-out share of the plant's labels, which neither model saw. It is promoted only if
/// it beats the champion there by the margin AND its cross-validated F1 does not fall below the champion's
/// registered F1 by more than the margin (the plant must not cost the baseline's quality). The split is fixed per
/// label id (SHA-256 of the id, 3 in 10 held out), so a label never moves between the shares as labels are added.
/// The registry entry's Notes record the data seen.
/// </summary>
public static class PlantRetraining
{
    public const int HeldOutTenths = 3;

    public static bool IsHeldOut(PlantLabel label) => SHA256.HashData(Encoding.UTF8.GetBytes(label.Id))[0] % 10 < HeldOutTenths;

    public static async Task<PlantDecision> DecideAsync(ModelRegistry registry, string name, Ai4iDataset baseline, IReadOnlyList<PlantLabel> labels,
        TrainingOptions options, double margin, TimeProvider time, CancellationToken cancellationToken)
    {
        var heldOut = labels.Where(IsHeldOut).ToList();
        var training = labels.Where(l => !IsHeldOut(l)).ToList();
        var champion = await registry.ResolveAsync(name, ModelRegistry.Auto, cancellationToken);
        if (champion is null || heldOut.Count == 0 || training.Count == 0 || !heldOut.Any(l => l.IsFailure) || heldOut.All(l => l.IsFailure))
        {
            return new PlantDecision(false, champion?.Version, null, double.NaN, double.NaN, double.NaN, double.NaN, training.Count, heldOut.Count, "",
                "not trained: needs a production champion and plant labels with failures and no-fault findings in both the training and held-out shares")
            { ChampionF1Margin = margin };
        }

        var championModel = await registry.LoadAsync(champion, cancellationToken);
        var championF1 = F1(championModel, heldOut);

        var ids = string.Join(",", training.Select(l => l.Id).Order(StringComparer.Ordinal));
        var idsHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ids)))[..12];
        var rows = training.SelectMany((l, k) => l.Window.Select((r, i) => Row(l, r, 10_000_000 + k * 10_000 + i))).ToList();
        var data = new Ai4iDataset([.. baseline.Rows, .. rows], baseline.Sha256 + "+plant:" + idsHash);
        var seen = string.Create(CultureInfo.InvariantCulture,
            $"baseline {baseline.Sha256[..Math.Min(12, baseline.Sha256.Length)]} ({baseline.Rows.Count:N0} rows) + {training.Count} plant labels ({rows.Count:N0} rows, ids hash {idsHash}); {heldOut.Count} plant labels held out");

        var (challenger, report) = await Task.Run(() => ModelTrainer.TrainAndEvaluate(data, options, cancellationToken: cancellationToken), cancellationToken);
        var challengerF1 = F1(challenger, heldOut);
        var floor = champion.Metrics.F1 - margin;
        var beats = challengerF1 >= championF1 + margin && challengerF1 > championF1;
        var keeps = report.F1.Mean >= floor;
        var explanation = string.Create(CultureInfo.InvariantCulture,
            $"held-out plant F1 {challengerF1:F3} against the champion's {championF1:F3} (needs +{margin}); cross-validated F1 {report.F1.Mean:F3} against the floor {floor:F3}");
        if (!beats || !keeps)
        {
            return new PlantDecision(false, champion.Version, null, championF1, challengerF1, report.F1.Mean, floor, training.Count, heldOut.Count, seen,
                "refused: " + explanation) { ChallengerMetrics = report.Summary(), ChampionF1Margin = margin };
        }

        var version = await registry.RegisterAsync(name, challenger.ToBytes(), a => new ModelVersion(name, a.Version, ModelStage.Staging, time.GetUtcNow(),
            challenger.Manifest.Metrics, challenger.Manifest.Configuration, data.Sha256, challenger.Manifest.FeatureNames, a.Uri, a.Sha256, Enabled: true, options)
        {
            Notes = "learned from the plant: " + seen + "; " + explanation,
        }, cancellationToken);
        await registry.PromoteAsync(name, version.Version, cancellationToken);
        return new PlantDecision(true, champion.Version, version.Version, championF1, challengerF1, report.F1.Mean, floor, training.Count, heldOut.Count, seen,
            "promoted: " + explanation) { ChallengerMetrics = report.Summary(), ChampionF1Margin = margin };
    }

    internal static Ai4iRecord Row(PlantLabel label, MachineReading reading, int udi) =>
        new(udi, "plant:" + label.Id, reading, label.IsFailure, label.Finding == "TWF", label.Finding == "HDF", label.Finding == "PWF", label.Finding == "OSF", false);

    /// <summary>Machine-failure F1 of a model on the held-out labels' readings, at its own threshold, on its served probability.</summary>
    public static double F1(TrainedModel model, IReadOnlyList<PlantLabel> labels)
    {
        var engine = model.Context.Model.CreatePredictionEngine<FailureRow, FailureScore>(model.Failure);
        var truth = new List<bool>();
        var probabilities = new List<float>();
        foreach (var l in labels)
        {
            foreach (var r in l.Window)
            {
                var s = engine.Predict(new FailureRow { Features = FeatureBuilder.Build(r) });
                truth.Add(l.IsFailure);
                probabilities.Add((float)(model.Manifest.Calibration is { } map ? map.Probability(s.Score) : s.Probability));
            }
        }

        return BinaryMetrics.Compute(truth, probabilities, model.Manifest.Threshold).F1;
    }
}
