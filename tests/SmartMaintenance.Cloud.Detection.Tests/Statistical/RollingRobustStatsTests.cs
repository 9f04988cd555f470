using SmartMaintenance.Cloud.Detection.Statistical;

namespace SmartMaintenance.Cloud.Detection.Tests.Statistical;

public sealed class RollingRobustStatsTests
{
    [Fact]
    public void MedianAndMad_AfterWindowSlides_EqualSortedComputation()
    {
        var stats = new RollingRobustStats(31);
        var values = Signals.Noise(500, seed: 3);
        for (int i = 0; i < values.Length; i++)
        {
            stats.Add(values[i]);
            var window = values[Math.Max(0, i - 30)..(i + 1)].Order().ToArray();
            double median = window.Length % 2 == 1 ? window[window.Length / 2] : (window[window.Length / 2 - 1] + window[window.Length / 2]) / 2;
            var deviations = window.Select(v => Math.Abs(v - median)).Order().ToArray();

            Assert.Equal(median, stats.Median(), 12);
            Assert.Equal(deviations[(deviations.Length - 1) / 2], stats.Mad(median), 12);
        }
    }
}
