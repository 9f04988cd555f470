namespace SmartMaintenance.Cloud.Agents.Learning;

/// <summary>Cosine similarity of two signatures (shorter one padded with zeros); 0 when either is all zeros.</summary>
public static class Similarity
{
    public static double Cosine(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            var x = i < a.Count ? a[i] : 0;
            var y = i < b.Count ? b[i] : 0;
            dot += x * y;
            na += x * x;
            nb += y * y;
        }

        return na == 0 || nb == 0 ? 0 : dot / Math.Sqrt(na * nb);
    }
}
