using SmartMaintenance.Cloud.Detection.Drift;

namespace SmartMaintenance.Cloud.Detection.Tests.Drift;

public sealed class PopulationStabilityIndexTests
{
    [Fact]
    public void Compute_HandExample_MatchesFormula()
    {
        // Bins (-∞,10) [10,20) [20,∞): reference 5/3/2 of 10, recent 2/3/5 of 10.
        double[] reference = [1, 2, 3, 4, 5, 11, 12, 13, 21, 22];
        double[] recent = [1, 2, 11, 12, 13, 21, 22, 23, 24, 25];
        double expected = (0.2 - 0.5) * Math.Log(0.2 / 0.5) + 0 + (0.5 - 0.2) * Math.Log(0.5 / 0.2); // 0.5498

        var result = PopulationStabilityIndex.Compute(reference, recent, [10.0, 20.0]);

        Assert.Equal(expected, result.Value, 12);
        Assert.Equal(0.5497, result.Value, 3);
        Assert.Equal([0.5, 0.3, 0.2], result.ReferenceShares);
    }

    [Fact]
    public void Compute_EmptyBin_UsesFloorShare()
    {
        var result = PopulationStabilityIndex.Compute([1.0, 15], [15.0, 16], [10.0]);

        double expected = (1e-4 - 0.5) * Math.Log(1e-4 / 0.5) + (1 - 0.5) * Math.Log(1 / 0.5);
        Assert.Equal(expected, result.Value, 12);
    }

    [Fact]
    public void Compute_QuantileBinsSameDistribution_BelowPointOne()
    {
        var result = PopulationStabilityIndex.Compute(Signals.Noise(2000, seed: 1), Signals.Noise(2000, seed: 2));

        Assert.Equal(9, result.Edges.Count);
        Assert.True(result.Value < 0.1, $"PSI {result.Value}");
    }

    [Fact]
    public void Compute_QuantileBinsShifted_AbovePointTwoFive()
    {
        var result = PopulationStabilityIndex.Compute(Signals.Noise(2000, seed: 1), Signals.Noise(2000, level: 11, seed: 2));

        Assert.True(result.Value > 0.25, $"PSI {result.Value}");
    }
}
