using SmartMaintenance.Cloud.Detection.Ml;

namespace SmartMaintenance.Cloud.Detection.Tests.Ml;

public sealed class IsolationForestTests
{
    [Fact]
    public void Score_OutlierAgainstCluster_HigherThanInlier()
    {
        var random = new Random(5);
        var rows = new double[500 * 2];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = random.NextDouble();
        }

        var forest = IsolationForest.Fit(rows, 2, 100, 256, new Random(1));

        double inlier = forest.Score([0.5, 0.5]);
        double outlier = forest.Score([5, 5]);
        Assert.True(outlier > 0.6 && outlier > inlier + 0.15, $"outlier {outlier}, inlier {inlier}");
        Assert.True(inlier < 0.5, $"inlier {inlier}");
    }

    [Fact]
    public void AveragePathLength_KnownValues_MatchPaper()
    {
        Assert.Equal(0, IsolationForest.AveragePathLength(1));
        Assert.Equal(1, IsolationForest.AveragePathLength(2));
        // c(256) = 2 H(255) - 2 · 255 / 256 with H(i) ≈ ln i + γ.
        Assert.Equal(2 * (Math.Log(255) + 0.5772156649015329) - 2.0 * 255 / 256, IsolationForest.AveragePathLength(256), 12);
    }
}
