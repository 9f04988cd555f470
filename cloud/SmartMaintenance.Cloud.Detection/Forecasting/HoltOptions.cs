namespace SmartMaintenance.Cloud.Detection.Forecasting;

/// <summary>Options of <see cref="HoltForecaster"/>.</summary>
public sealed record HoltOptions
{
    /// <summary>Level smoothing α in (0, 1].</summary>
    public double Alpha { get; init; } = 0.3;

    /// <summary>Trend smoothing β in (0, 1].</summary>
    public double Beta { get; init; } = 0.1;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!(Alpha > 0 && Alpha <= 1)) errors.Add("Alpha must be in (0, 1].");
        if (!(Beta > 0 && Beta <= 1)) errors.Add("Beta must be in (0, 1].");
        return errors;
    }
}
