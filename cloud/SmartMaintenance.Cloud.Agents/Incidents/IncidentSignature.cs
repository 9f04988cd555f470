namespace SmartMaintenance.Cloud.Agents.Incidents;

/// <summary>
/// An incident's signature for the knowledge base's similarity search (cosine, per sensor type of the top sensor):
/// the shares of its three largest contributors, then its rarity (-log10 p, scaled so 1e-6 reads 1). Two incidents
/// look alike when one sensor dominated both about as much and both were about as rare; sensor ids differ between
/// machines, so they are not part of it.
/// </summary>
public static class IncidentSignature
{
    public static IReadOnlyList<double> Of(IReadOnlyList<SensorEvidence> evidence, double pValue)
    {
        var vector = new double[4];
        for (var i = 0; i < Math.Min(3, evidence.Count); i++)
        {
            vector[i] = Math.Clamp(evidence[i].Share, 0, 1);
        }

        vector[3] = Rarity(pValue);
        return vector;
    }

    /// <summary>-log10 p scaled so that 1e-6 reads 1 (capped there).</summary>
    public static double Rarity(double pValue) => Math.Clamp(-Math.Log10(Math.Max(pValue, 1e-300)) / 6, 0, 1);
}
