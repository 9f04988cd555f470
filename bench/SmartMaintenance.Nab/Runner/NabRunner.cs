using System.Diagnostics;
using SmartMaintenance.Nab.Corpus;
using SmartMaintenance.Nab.Detectors;
using SmartMaintenance.Nab.Scoring;

namespace SmartMaintenance.Nab.Runner;

/// <summary>Runs detectors over the corpus (files in parallel, each with a fresh detector) and scores them the NAB way.</summary>
public static class NabRunner
{
    public static DetectorRun Run(string detector, IReadOnlyList<NabSeries> corpus, IReadOnlyList<NabProfile> profiles)
    {
        var watch = Stopwatch.StartNew();
        var scores = new double[corpus.Count][];
        Parallel.For(0, corpus.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            i => scores[i] = DetectorCatalog.Run(detector, corpus[i]));
        var results = profiles.Select(p => CorpusScorer.Score(detector, corpus, scores, p)).ToList();
        watch.Stop();
        return new DetectorRun(detector, DetectorCatalog.Describe(detector), results, watch.Elapsed);
    }
}
