using Microsoft.ML.Data;

namespace SmartMaintenance.Cloud.Ml.Rul;

/// <summary>ML.NET row of the RUL regression: window features and the capped remaining cycles.</summary>
public sealed class RulRow
{
    [VectorType(RulFeatures.Count)]
    public float[] Features { get; set; } = new float[RulFeatures.Count];

    public float Label { get; set; }
}

public sealed class RulScore
{
    public float Score { get; set; }
}
