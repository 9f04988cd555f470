using SmartMaintenance.Nab.Detectors;
using SmartMaintenance.Nab.Reference;
using SmartMaintenance.Nab.Scoring;

namespace SmartMaintenance.Cloud.Detection.Tests.Nab;

/// <summary>Our scorer against NAB's published windowedGaussian results and final_results.json.</summary>
public sealed class NabReferenceTests(NabData nab) : IClassFixture<NabData>
{
    [Fact]
    public void Corpus_Load_58FilesAnd116Windows()
    {
        Assert.Equal(58, nab.Corpus.Count);
        Assert.Equal(116, nab.Corpus.Sum(s => s.Windows.Length));
        Assert.Equal(365558, nab.Corpus.Sum(s => s.Length));
    }

    [Fact]
    public void RowByRow_PublishedWindowedGaussian_EveryStAndSummaryReproduced()
    {
        var (files, rows, mismatches) = ReferenceCheck.RowByRow(nab.Root, nab.Profiles);

        Assert.Equal(7, files);
        Assert.Equal(3 * 69561, rows);
        Assert.Empty(mismatches);
    }

    [Fact]
    public void RowByRow_WrongProfileColumn_Detected()
    {
        // The comparison is sensitive: the standard profile's S(t) is not the low-FP column wherever an FP occurs.
        var series = nab.Corpus.Single(s => s.RelativePath == "realKnownCause/rogue_agent_key_updown.csv");
        var rows = PublishedResults.Rows(Path.Combine(nab.Root, "results", "windowedGaussian", "realKnownCause", "windowedGaussian_rogue_agent_key_updown.csv"));
        var ours = NabFileScorer.Score(series, rows.Select(r => r.AnomalyScore).ToArray(), nab.Profiles[0], 1.0);

        Assert.Contains(rows.Select((r, i) => r.ScoreByProfile["reward_low_FP_rate"] - ours.RowScores[i]), d => Math.Abs(d) > 1e-3);
        Assert.Equal(-1.3964908955, ours.Score, 9);
    }

    [Fact]
    public void CorpusNormalisation_EveryCompletePublishedTable_MatchesFinalResults()
    {
        var (detectors, mismatches) = ReferenceCheck.CorpusNormalisation(nab.Root, nab.Profiles, 58, 116);

        Assert.Contains("numenta", detectors);
        Assert.Contains("contextOSE", detectors);
        Assert.Contains("windowedGaussian", detectors);
        Assert.True(detectors.Count >= 14, string.Join(", ", detectors));
        Assert.Empty(mismatches);
    }

    [Fact]
    public void WindowedGaussianRebuild_OptimisedOverCorpus_ReproducesThresholdAndPublishedScores()
    {
        var scores = nab.Corpus.Select(s => DetectorCatalog.Run("windowedgaussian", s)).ToList();
        var final = PublishedResults.FinalResults(nab.Root)["windowedGaussian"];

        foreach (var profile in nab.Profiles)
        {
            var result = CorpusScorer.Score("windowedgaussian", nab.Corpus, scores, profile);
            var published = PublishedResults.FileScores(nab.Root, "windowedGaussian", profile.Name)!.ToDictionary(f => f.File);

            Assert.Equal(1.0, result.Threshold);
            Assert.Equal(final[profile.Name], result.Normalised, 6);
            Assert.All(result.Files, f => Assert.Equal(published[f.File].Score, f.Score, 6));
        }
    }
}
