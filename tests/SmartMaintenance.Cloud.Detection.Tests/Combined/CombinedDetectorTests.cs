using SmartMaintenance.Cloud.Detection.Combined;
using SmartMaintenance.Cloud.Detection.Scoring;
using SmartMaintenance.Cloud.Detection.Sequence;

namespace SmartMaintenance.Cloud.Detection.Tests.Combined;

public sealed class CombinedDetectorTests
{
    private static CombinedResult[] Run(CombinedDetector detector, double[] values) =>
        values.Select((v, i) => detector.Evaluate(Signals.At(i), v)).ToArray();

    private static double[] Sine(int count) =>
        Signals.Noise(count, level: 0, sigma: 0.02, seed: 5).Select((n, i) => Math.Sin(2 * Math.PI * i / 50) + n).ToArray();

    [Fact]
    public void Evaluate_Spike_HighOrCriticalWithEveryComponent()
    {
        var values = Signals.Noise(900);
        values[800] = 30;
        var results = Run(new CombinedDetector(), values);

        Assert.True(results[800].Severity >= Severity.High, $"severity {results[800].Severity}");
        // robust z level and step, EWMA, forest, the 24-sample k-NN and the two block members.
        Assert.Equal(7, results[800].Components.Count);
        Assert.NotEqual("none", results[800].DrivenBy);
    }

    [Fact]
    public void Evaluate_SpikeAfterWarmup_ScoreOneHighSeverityWithKnnEvidence()
    {
        var values = Signals.Noise(900);
        values[800] = 30;
        var result = Run(new CombinedDetector(new CombinedOptions { HoldOffSamples = 0 }), values)[800];

        Assert.Equal(1.0, result.Score); // the k-NN ranks a new extreme above every context
        Assert.True(result.Severity >= Severity.High, $"severity {result.Severity}");
        // A point spike is a value outlier: the z-scores judge its severity; the k-NN's evidence is still there.
        Assert.Contains(result.DrivenBy, new[] { "robust-z", "robust-z-diff", "ewma" });
        var knn = Assert.Single(result.Components, c => c.Evidence.Detector == "context-knn");
        Assert.False(knn.Evidence.WarmingUp);
        Assert.True(knn.Evidence.Statistic > 0);
    }

    [Fact]
    public void Evaluate_BrokenPatternInsideRange_KnnDrivesScoreAndSeverity()
    {
        // The sine pauses at 0 for 10 samples (a zero crossing) and resumes in phase: no step, no value outside
        // the range, nothing for the z-scores; only the shape is new. Late enough for the calibration set to
        // hold only contexts judged against a full reference set.
        var sine = Sine(7000);
        var values = sine.Select((v, i) => i < 6500 ? v : i < 6510 ? v - Math.Sin(2 * Math.PI * i / 50) : sine[i - 10]).ToArray();
        var results = Run(new CombinedDetector(new CombinedOptions { UseForest = false }), values);

        var peak = results.Skip(6500).Take(30).MaxBy(r => r.Strength)!;
        Assert.StartsWith("context-knn", peak.DrivenBy);
        // Beyond every calibration context, but by less than 1.67 times the largest: Low, below the agent's
        // default alert level (Medium). A mild shape change is evidence, not an incident.
        Assert.True(peak.Severity >= Severity.Low, $"severity {peak.Severity}");
        Assert.True(results.Skip(6500).Take(30).Max(r => r.Score) > 0.99);
        Assert.True(results.Skip(6500).Take(30).All(r => r.Components.Where(c => c.Evidence.Detector.StartsWith("robust-z")).All(c => c.Score < 0.5)));
    }

    [Fact]
    public void Evaluate_PureNoise_NoHighAndNothingFromTheSequence()
    {
        // 1 % of noise ranks above 0.99 (the score is a conformal rank), but severity needs a component beyond
        // its own cut-off. The z-scores and the EWMA may call a rare 4σ value Medium; the k-NN adds nothing.
        var results = Run(new CombinedDetector(), Signals.Noise(4000, seed: 11));

        Assert.DoesNotContain(results, r => r.Severity >= Severity.High);
        Assert.DoesNotContain(results, r => r.Severity >= Severity.Medium && r.DrivenBy.StartsWith("context-knn"));
        Assert.True(results.Count(r => r.Severity >= Severity.Low) <= 20, $"{results.Count(r => r.Severity >= Severity.Low)} low or above");
    }

    [Fact]
    public void Evaluate_SameInput_SameResults()
    {
        var values = Signals.Noise(1500, seed: 3);
        values[1000] = 25;
        var first = Run(new CombinedDetector(), values);
        var second = Run(new CombinedDetector(), values);

        Assert.Equal(first.Select(r => (r.Score, r.Severity, r.DrivenBy)), second.Select(r => (r.Score, r.Severity, r.DrivenBy)));
        Assert.Equal(first.SelectMany(r => r.Components), second.SelectMany(r => r.Components));
    }

    [Fact]
    public void Score_OneMemberNoBlocks_EqualsContextKnnAfterWarmup()
    {
        var values = Sine(1200);
        values[900] = 3;
        var options = new CombinedOptions { CoarseBlocks = [], UseForest = false };
        IStreamingDetector combined = new CombinedDetector(options);
        var alone = Signals.Run(new ContextKnnDetector(options.Sequence), values);
        var scores = Signals.Run(combined, values);

        for (int i = options.Sequence.WarmupSamples; i < values.Length; i++)
        {
            Assert.Equal(alone[i].Score, scores[i].Score);
        }
    }

    [Fact]
    public void Evaluate_ConstantSignal_NoneEverywhere()
    {
        var results = Run(new CombinedDetector(), Enumerable.Repeat(1.0, 700).ToArray());

        Assert.All(results, r => Assert.Equal(Severity.None, r.Severity));
    }

    [Fact]
    public void Evaluate_RepeatWithinHoldOff_Damped()
    {
        var values = Signals.Noise(900);
        values[700] = 30;
        values[720] = 25; // within the hold-off of the first
        var held = Run(new CombinedDetector(new CombinedOptions { HoldOffSamples = 50 }), values);
        var free = Run(new CombinedDetector(new CombinedOptions { HoldOffSamples = 0 }), values);

        Assert.Equal(1.0, held[700].Score);
        Assert.Equal(free[720].Score * 0.5, held[720].Score, 12);
        Assert.Equal(free[800].Score, held[800].Score);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsNamingEveryProblem()
    {
        var e = Assert.Throws<ArgumentException>(() => new CombinedDetector(new CombinedOptions { SequenceContextLengths = [], CoarseBlocks = [1] }));

        Assert.Contains("SequenceContextLengths", e.Message);
        Assert.Contains("CoarseBlocks", e.Message);
    }

    [Theory]
    [InlineData(0.2, Severity.None)]
    [InlineData(0.6, Severity.Low)]
    [InlineData(0.75, Severity.Medium)]
    [InlineData(0.9, Severity.High)]
    [InlineData(0.97, Severity.Critical)]
    public void SeverityOf_Score_Band(double score, Severity expected) =>
        Assert.Equal(expected, new CombinedDetector(new CombinedOptions { UseForest = false }).SeverityOf(score));
}
