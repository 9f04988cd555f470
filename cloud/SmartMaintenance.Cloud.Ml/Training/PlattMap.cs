using Microsoft.ML;
using Microsoft.ML.Calibrators;

namespace SmartMaintenance.Cloud.Ml.Training;

/// <summary>
/// The calibration map of the failure model: probability = 1 / (1 + exp(Slope · score + Offset)), fitted by
/// ML.NET's Platt calibrator on out-of-fold raw scores (never on the scores of the rows being judged). Platt
/// rather than isotonic because the map is then linear in log-odds: calibrated log-odds = −(Slope · score +
/// Offset), so the tree ensemble's additive contributions to the raw score stay additive after calibration
/// (scaled by −Slope), and the explanation sums to the probability the API answers.
/// </summary>
public sealed record PlattMap(double Slope, double Offset)
{
    public double LogOdds(double score) => -(Slope * score + Offset);

    public double Probability(double score) => 1 / (1 + Math.Exp(Slope * score + Offset));

    public static PlattMap Fit(MLContext ml, IReadOnlyList<float> scores, IReadOnlyList<bool> labels)
    {
        var rows = new ScoredRow[scores.Count];
        for (var i = 0; i < rows.Length; i++) rows[i] = new ScoredRow { Score = scores[i], Label = labels[i] };
        var calibrator = ml.BinaryClassification.Calibrators.Platt(labelColumnName: "Label", scoreColumnName: "Score")
            .Fit(ml.Data.LoadFromEnumerable(rows));
        // CalibratorTransformer exposes the fitted calibrator only through ISingleFeaturePredictionTransformer.
        var platt = ((ISingleFeaturePredictionTransformer<PlattCalibrator>)calibrator).Model;
        return new PlattMap(platt.Slope, platt.Offset);
    }

    private sealed class ScoredRow
    {
        public float Score { get; set; }

        public bool Label { get; set; }
    }
}
