using SmartMaintenance.Cloud.Detection.Forecasting;

namespace SmartMaintenance.Cloud.Detection.Tests.Forecasting;

public sealed class HoltForecasterTests
{
    [Fact]
    public void Update_LinearSeries_TrendAndForecastExact()
    {
        var holt = new HoltForecaster();
        for (int i = 0; i < 50; i++)
        {
            holt.Update(Signals.At(i), 10 + 0.5 * i); // 0.5 per minute
        }

        Assert.Equal(0.5 / 60, holt.TrendPerSecond, 12);
        Assert.Equal(10 + 0.5 * 59, holt.Forecast(Signals.At(59)), 9);
    }

    [Fact]
    public void TimeToThreshold_LinearSeries_ExactCrossing()
    {
        var holt = new HoltForecaster();
        for (int i = 0; i < 50; i++)
        {
            holt.Update(Signals.At(i), 10 + 0.5 * i);
        }

        var crossing = holt.TimeToThreshold(100)!.Value; // 10 + 0.5 i = 100 at i = 180

        Assert.Equal(Signals.At(180), crossing.At);
        Assert.Equal(TimeSpan.FromMinutes(131), crossing.After);
    }

    [Fact]
    public void TimeToThreshold_IrregularSampling_SameCrossing()
    {
        var holt = new HoltForecaster();
        foreach (int i in new[] { 0, 1, 3, 4, 9, 10, 20, 21, 30 })
        {
            holt.Update(Signals.At(i), 10 + 0.5 * i);
        }

        Assert.Equal(Signals.At(180), holt.TimeToThreshold(100)!.Value.At);
    }

    [Fact]
    public void TimeToThreshold_TrendAway_Null()
    {
        var holt = new HoltForecaster();
        for (int i = 0; i < 20; i++)
        {
            holt.Update(Signals.At(i), 100 - i);
        }

        Assert.Null(holt.TimeToThreshold(200));
        Assert.NotNull(holt.TimeToThreshold(0));
    }

    [Fact]
    public void Update_OutOfOrderOrNaN_Ignored()
    {
        var holt = new HoltForecaster();
        holt.Update(Signals.At(5), 1);

        Assert.False(holt.Update(Signals.At(4), 2));
        Assert.False(holt.Update(Signals.At(6), double.NaN));
        Assert.Equal(1, holt.Count);
        Assert.Null(holt.TimeToThreshold(10));
    }
}
