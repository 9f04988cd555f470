using Microsoft.ML.Data;

namespace SmartMaintenance.Cloud.Ml.Features;

/// <summary>ML.NET row for the machine-failure (binary) model.</summary>
public sealed class FailureRow
{
    [VectorType(FeatureBuilder.Count)]
    public float[] Features { get; set; } = new float[FeatureBuilder.Count];

    public bool Label { get; set; }

    public float Weight { get; set; } = 1f;
}

/// <summary>ML.NET row for the failure-mode (multiclass) model; Mode is one of FailureModes.Names.</summary>
public sealed class ModeRow
{
    [VectorType(FeatureBuilder.Count)]
    public float[] Features { get; set; } = new float[FeatureBuilder.Count];

    public string Mode { get; set; } = FailureModes.Names[0];

    public float Weight { get; set; } = 1f;
}

/// <summary>Output of the binary model.</summary>
public sealed class FailureScore
{
    public float Probability { get; set; }

    public float Score { get; set; }
}

/// <summary>Output of the failure-mode model: one score per mode, in FailureModes order.</summary>
public sealed class ModeScore
{
    [VectorType(FailureModes.Count)]
    public float[] Score { get; set; } = [];
}
