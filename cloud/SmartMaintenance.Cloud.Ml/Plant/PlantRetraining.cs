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
/// (1) it beats the champion there by the margin, AND (2) the plant does not cost the baseline's quality: its
/// cross-validated F1 on the baseline's rows alone (out-of-fold predictions of the AI4I rows, in the same
/// cross-validation over baseline + plant rows) does not fall below the baseline's figure by more than the margin.
/// The baseline's figure is the same configuration cross-validated on the baseline alone: the champion's registered
/// F1 when the champion is exactly that (same data SHA-256 and options), otherwise it is measured here first. Not the
/// champion's registered F1 as such: a champion that learned from the plant was measured on other rows, and one of
/// another data set or configuration on another protocol. The split is fixed per label id (SHA-256 of the id, 3 in 10
/// held out), so a label never moves between the shares as labels are added. The registry entry's Notes record the
/// data seen.
/// </summary>
public static class PlantRetraining
{
    public const int HeldOutTenths = 3;

    /// <summary>Product id prefix of the training rows made from plant labels (the rest are the baseline's).</summary>
    public const string RowPrefix = "plant:";

    public static bool IsHeldOut(PlantLabel label) => SHA256.HashData(Encoding.UTF8.GetBytes(label.Id))[0] % 10 < HeldOutTenths;

    public static bool IsBaselineRow(Ai4iRecord row) => !row.ProductId.StartsWith(RowPrefix, StringComparison.Ordinal);

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

        var (challenger, report) = await Task.Run(() => ModelTrainer.TrainAndEvaluate(data, options, cancellationToken: cancellationToken, subset: IsBaselineRow),
            cancellationToken);
        var challengerF1 = F1(challenger, heldOut);
        double baselineF1;
        string measured;
        if (champion.DataSha256 == baseline.Sha256 && champion.Options is { } o && o.SameAs(options))
        {
            (baselineF1, measured) = (champion.Metrics.F1, "the champion's registered F1");
        }
        else
        {
            var alone = await Task.Run(() => new CrossValidator(options).Run(baseline, cancellationToken: cancellationToken), cancellationToken);
            (baselineF1, measured) = (alone.F1.Mean, "cross-validated here");
        }

        var floor = baselineF1 - margin;
        var onBaseline = report.SubsetF1.Mean;
        var beats = challengerF1 >= championF1 + margin && challengerF1 > championF1;
        var keeps = onBaseline >= floor;
        var explanation = string.Create(CultureInfo.InvariantCulture,
            $"held-out plant F1 {challengerF1:F3} against the champion's {championF1:F3} (needs +{margin}); cross-validated F1 on the baseline's rows {onBaseline:F3} against the floor {floor:F3} (the configuration on the baseline alone: {baselineF1:F3}, {measured}; minus {margin})");
        if (!beats || !keeps)
        {
            return new PlantDecision(false, champion.Version, null, championF1, challengerF1, onBaseline, floor, training.Count, heldOut.Count, seen,
                "refused: " + explanation) { ChallengerMetrics = report.Summary(), ChampionF1Margin = margin, BaselineAloneF1 = baselineF1 };
        }

        var version = await registry.RegisterAsync(name, challenger.ToBytes(), a => new ModelVersion(name, a.Version, ModelStage.Staging, time.GetUtcNow(),
            challenger.Manifest.Metrics, challenger.Manifest.Configuration, data.Sha256, challenger.Manifest.FeatureNames, a.Uri, a.Sha256, Enabled: true, options)
        {
            Notes = "learned from the plant: " + seen + "; " + explanation,
        }, cancellationToken);
        await registry.PromoteAsync(name, version.Version, cancellationToken);
        return new PlantDecision(true, champion.Version, version.Version, championF1, challengerF1, onBaseline, floor, training.Count, heldOut.Count, seen,
            "promoted: " + explanation) { ChallengerMetrics = report.Summary(), ChampionF1Margin = margin, BaselineAloneF1 = baselineF1 };
    }

    internal static Ai4iRecord Row(PlantLabel label, MachineReading reading, int udi) =>
        new(udi, RowPrefix + label.Id, reading, label.IsFailure, label.Finding == "TWF", label.Finding == "HDF", label.Finding == "PWF", label.Finding == "OSF", false);

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
