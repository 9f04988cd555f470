namespace SmartMaintenance.Cloud.Detection.Ml;

/// <summary>Options of <see cref="IsolationForestDetector"/>.</summary>
public sealed record IsolationForestOptions
{
    /// <summary>Samples summarised by the window features (mean and deviation of the recent window).</summary>
    public int FeatureWindow { get; init; } = 16;

    /// <summary>Samples in the rolling median/MAD that scales every feature (so one forest fits any unit).</summary>
    public int ScaleWindow { get; init; } = 512;

    /// <summary>Feature vectors collected before the first forest is grown.</summary>
    public int TrainingSamples { get; init; } = 256;

    /// <summary>Feature vectors kept for re-training (the most recent ones).</summary>
    public int HistoryCapacity { get; init; } = 2048;

    /// <summary>Samples between re-trainings; the forest follows slow changes of the normal behaviour.</summary>
    public int RetrainEvery { get; init; } = 1024;

    /// <summary>100 trees and ψ = 256 are the paper's defaults (§4: path lengths converge well before 100 trees).</summary>
    public int Trees { get; init; } = 100;

    public int SampleSize { get; init; } = 256;

    public int Seed { get; init; } = 7;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (FeatureWindow < 2) errors.Add("FeatureWindow must be at least 2.");
        if (ScaleWindow < 8) errors.Add("ScaleWindow must be at least 8.");
        if (TrainingSamples < 16) errors.Add("TrainingSamples must be at least 16.");
        if (HistoryCapacity < TrainingSamples) errors.Add("HistoryCapacity must be at least TrainingSamples.");
        if (RetrainEvery < 1) errors.Add("RetrainEvery must be positive.");
        if (Trees < 1) errors.Add("Trees must be positive.");
        if (SampleSize < 2) errors.Add("SampleSize must be at least 2.");
        return errors;
    }

    internal IsolationForestOptions EnsureValid()
    {
        var errors = Validate();
        return errors.Count == 0 ? this : throw new ArgumentException(string.Join(" ", errors));
    }
}
