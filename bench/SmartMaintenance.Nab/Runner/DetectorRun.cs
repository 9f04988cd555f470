using SmartMaintenance.Nab.Scoring;

namespace SmartMaintenance.Nab.Runner;

/// <summary>One detector's results under the three profiles and how long scoring the corpus took.</summary>
public sealed record DetectorRun(string Detector, string Description, IReadOnlyList<CorpusResult> Profiles, TimeSpan Elapsed)
{
    public CorpusResult Profile(string name) => Profiles.Single(p => p.Profile == name);
}
