namespace SmartMaintenance.Cloud.Ml.Rul;

/// <summary>
/// One engine's history in C-MAPSS: Sensors[c] holds the 21 sensor values of cycle c + 1 (cycles are 1-based and
/// consecutive in the files). TrueRul is the test set's answer after the last cycle (RUL_FD001.txt); null for
/// training engines, which run to failure at their last cycle.
/// </summary>
public sealed record CmapssEngine(int Unit, IReadOnlyList<float[]> Sensors, int? TrueRul)
{
    public int Cycles => Sensors.Count;
}
