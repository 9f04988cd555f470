namespace SmartMaintenance.Cloud.Ml.Data;

/// <summary>The loaded rows with the SHA-256 of the file they came from (recorded in the registry).</summary>
public sealed record Ai4iDataset(IReadOnlyList<Ai4iRecord> Rows, string Sha256)
{
    public int Failures => Rows.Count(r => r.MachineFailure);

    /// <summary>A stratified subsample (every failure kept with the same share) for fast tests and smoke runs.</summary>
    public Ai4iDataset Subsample(int rows, int seed)
    {
        var random = new Random(seed);
        var share = Math.Min(1.0, rows / (double)Rows.Count);
        var picked = Rows.GroupBy(r => r.MachineFailure)
            .SelectMany(g => g.OrderBy(_ => random.Next()).Take((int)Math.Ceiling(g.Count() * share)))
            .OrderBy(r => r.Udi)
            .ToList();
        return new Ai4iDataset(picked, Sha256 + $"+subsample:{rows}:{seed}");
    }
}
