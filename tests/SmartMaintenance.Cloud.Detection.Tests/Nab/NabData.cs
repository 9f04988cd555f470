using SmartMaintenance.Nab.Corpus;
using SmartMaintenance.Nab.Scoring;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Detection.Tests.Nab;

/// <summary>The NAB subset in ../shared/datasets/nab (beside the repository, as in CI), loaded once.</summary>
public sealed class NabData
{
    public NabData()
    {
        Root = Path.GetFullPath(Path.Combine(RepoPaths.Root, "..", "shared", "datasets", "nab"));
        if (!Directory.Exists(Root))
        {
            throw new DirectoryNotFoundException($"The NAB data set is expected at {Root} (shared/ beside the repository).");
        }

        Corpus = NabCorpus.Load(Root);
        Profiles = NabProfile.Load(Path.Combine(Root, "config", "profiles.json"));
    }

    public string Root { get; }

    public IReadOnlyList<NabSeries> Corpus { get; }

    public IReadOnlyList<NabProfile> Profiles { get; }
}
