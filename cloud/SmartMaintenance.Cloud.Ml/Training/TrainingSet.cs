using SmartMaintenance.Cloud.Ml.Data;
using SmartMaintenance.Cloud.Ml.Features;

namespace SmartMaintenance.Cloud.Ml.Training;

/// <summary>The data set turned into feature vectors and labels once, shared by every fold and the final fit.</summary>
internal sealed class TrainingSet
{
    public TrainingSet(Ai4iDataset data, TrainingOptions options)
    {
        Features = data.Rows.Select(r => FeatureBuilder.Build(r.Reading)).ToArray();
        Labels = data.Rows.Select(r => r.MachineFailure).ToArray();
        ModeClass = data.Rows.Select(FailureModes.ClassOf).ToArray();
        var positives = Math.Max(1, Labels.Count(l => l));
        PositiveWeight = (float)(options.PositiveWeight ?? Math.Sqrt((Labels.Length - positives) / (double)positives));

        // Class weights of the mode model: sqrt of inverse frequency, so rare modes count without drowning None.
        var counts = new int[FailureModes.Count];
        foreach (var c in ModeClass) if (c is { } k) counts[k]++;
        var eligible = counts.Sum();
        ModeWeights = counts.Select(n => n == 0 ? 1f : (float)Math.Sqrt(eligible / (FailureModes.Count * (double)n))).ToArray();
    }

    public float[][] Features { get; }
    public bool[] Labels { get; }
    public int?[] ModeClass { get; }
    public float PositiveWeight { get; }
    public float[] ModeWeights { get; }

    public int Count => Labels.Length;

    public IEnumerable<FailureRow> FailureRows(IEnumerable<int> indices) =>
        indices.Select(i => new FailureRow { Features = Features[i], Label = Labels[i], Weight = Labels[i] ? PositiveWeight : 1f });

    public IEnumerable<ModeRow> ModeRows(IEnumerable<int> indices) =>
        indices.Where(i => ModeClass[i] is not null)
            .Select(i => new ModeRow { Features = Features[i], Mode = FailureModes.Names[ModeClass[i]!.Value], Weight = ModeWeights[ModeClass[i]!.Value] });
}
