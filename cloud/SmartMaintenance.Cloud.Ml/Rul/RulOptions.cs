using System.Globalization;

namespace SmartMaintenance.Cloud.Ml.Rul;

/// <summary>
/// The RUL model's configuration. Cap: the standard piecewise-linear target (Heimes 2008; Babu 2016, Li 2018):
/// an engine's remaining life is taken as constant at Cap cycles until degradation shows, then falls linearly to 0.
/// </summary>
public sealed record RulOptions
{
    public int Cap { get; init; } = 125;
    public int Trees { get; init; } = 500;
    public int Leaves { get; init; } = 16;
    public int MinimumExamplesPerLeaf { get; init; } = 40;
    public double LearningRate { get; init; } = 0.03;
    public int Seed { get; init; } = 11;

    /// <summary>Folds of engines (grouped by unit) whose out-of-fold residuals give the prediction interval.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Central share of the residuals the interval covers.</summary>
    public double Coverage { get; init; } = 0.9;

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"LightGbm regression, {Trees} trees, {Leaves} leaves, min {MinimumExamplesPerLeaf} per leaf, learning rate {LearningRate}, target capped at {Cap} cycles, window {RulFeatures.Window} cycles, seed {Seed}");
}
