using SmartMaintenance.Cloud.Detection.Combined;
using SmartMaintenance.Cloud.Detection.Ml;
using SmartMaintenance.Cloud.Detection.Scoring;
using SmartMaintenance.Cloud.Detection.Sequence;
using SmartMaintenance.Cloud.Detection.Statistical;
using SmartMaintenance.Nab.Corpus;
using SmartMaintenance.Nab.Reference;

namespace SmartMaintenance.Nab.Detectors;

/// <summary>
/// The detectors the runner can score, by name. Every one is built fresh per file with the same options for
/// all 58 files (NAB's rule: no per-file tuning), and sees the rows in order, one at a time.
/// </summary>
public static class DetectorCatalog
{
    public static readonly string[] All = ["robustz", "ewma", "iforest", "combined", "contextknn", "firmware", "windowedgaussian"];

    public static string Describe(string name) => name switch
    {
        "robustz" => "Robust z-score (rolling median/MAD, 512 samples)",
        "ewma" => "EWMA control chart (α = 0.01)",
        "iforest" => "Isolation forest over windows (100 trees, ψ = 256)",
        "combined" => $"Combined, the product's detector: score from context k-NN on {string.Join("/", CombinedForNab.SequenceContextLengths)}-sample contexts and on means of {string.Join("/", CombinedForNab.CoarseBlocks)}-sample blocks, ranks merged by maximum, hold-off {CombinedForNab.HoldOffSamples}; chosen on split a; severity from robust z, EWMA, isolation forest and k-NN surprise",
        "contextknn" => "Context k-NN conformal (24-sample contexts, 500 references, k = 5, 6000 calibration; hold-off 50; chosen on split a)",
        "firmware" => "Firmware on-device z-score filter (k = 3)",
        "windowedgaussian" => "Windowed Gaussian, our rebuild of NAB's baseline",
        _ => name,
    };

    public static double[] Run(string name, NabSeries series)
    {
        var scores = new double[series.Length];
        switch (name)
        {
            case "windowedgaussian":
                var gaussian = new WindowedGaussianDetector();
                for (int i = 0; i < scores.Length; i++) scores[i] = gaussian.Score(series.Values[i]);
                return scores;
            case "firmware":
                var firmware = new FirmwareZScoreAdapter();
                for (int i = 0; i < scores.Length; i++) scores[i] = firmware.Score(series.Values[i]);
                return scores;
            default:
                var detector = Create(name);
                for (int i = 0; i < scores.Length; i++) scores[i] = detector.Score(series.Times[i], series.Values[i]).Score;
                return scores;
        }
    }

    public static IStreamingDetector Create(string name) => name switch
    {
        "robustz" => new RobustZScoreDetector(),
        "ewma" => new EwmaDetector(),
        "iforest" => new IsolationForestDetector(),
        "combined" => new CombinedDetector(CombinedForNab),
        "contextknn" => new ContextKnnDetector(ContextKnnForNab),
        _ => throw new ArgumentException($"Unknown detector '{name}'. Known: {string.Join(", ", All)}."),
    };

    /// <summary>The combined detector's settings for the benchmark: its defaults (the same for every file), unless overridden by --set.</summary>
    public static CombinedOptions CombinedForNab { get; set; } = new();

    /// <summary>The context k-NN detector's settings for the benchmark: its defaults, unless overridden by --set (exploration only).</summary>
    public static ContextKnnOptions ContextKnnForNab { get; set; } = new();
}
