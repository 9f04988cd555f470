namespace SmartMaintenance.Nab.Corpus;

/// <summary>A labelled window as row indices into its series (both ends inclusive).</summary>
public readonly record struct LabelWindow(int Start, int End)
{
    public int Width => End - Start + 1;
}

/// <summary>One NAB data file: its path relative to data/ (the key of the label files), rows and windows.</summary>
public sealed record NabSeries(string RelativePath, string[] Timestamps, DateTimeOffset[] Times, double[] Values, LabelWindow[] Windows)
{
    public int Length => Values.Length;
}
