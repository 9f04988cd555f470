using System.Diagnostics;
using SmartMaintenance.Cloud.Detection.Combined;
using SmartMaintenance.Cloud.Detection.Scoring;
using SmartMaintenance.Nab.Corpus;
using SmartMaintenance.Nab.Detectors;

namespace SmartMaintenance.Nab.Runner;

/// <summary>
/// `--cost`: per-sample time and managed allocation of each detector on one thread, one fresh detector per file
/// (as the agent keeps one per sensor), over the first files of the corpus. Construction is outside the timing;
/// everything a sample triggers (re-growing the forest, the rings) is inside it.
/// </summary>
public static class CostCommand
{
    private const int Files = 8;

    public static int Run(IReadOnlyList<string> detectors, IReadOnlyList<NabSeries> corpus)
    {
        var files = corpus.Take(Files).ToList();
        Console.WriteLine($"Per-sample cost over {files.Count} files, {files.Sum(f => f.Length)} samples, one thread (after one warm-up pass):");
        foreach (string name in detectors.Where(d => d is not ("firmware" or "windowedgaussian")))
        {
            Measure(name, files, evaluate: false);
            if (name == "combined")
            {
                Measure(name, files, evaluate: true);
            }
        }

        return 0;
    }

    private static void Measure(string name, List<NabSeries> files, bool evaluate)
    {
        Pass(name, files, evaluate); // JIT and tiered compilation out of the way
        var (ticks, bytes, samples) = Pass(name, files, evaluate);
        double ns = ticks * 1e9 / Stopwatch.Frequency / samples;
        Console.WriteLine($"  {name + (evaluate ? " (Evaluate)" : ""),-22} {ns,10:F0} ns/sample {(double)bytes / samples,8:F1} bytes/sample");
    }

    private static (long Ticks, long Bytes, long Samples) Pass(string name, List<NabSeries> files, bool evaluate)
    {
        long ticks = 0, bytes = 0, samples = 0;
        double sink = 0;
        foreach (var series in files)
        {
            var detector = DetectorCatalog.Create(name);
            var combined = detector as CombinedDetector;
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < series.Length; i++)
            {
                sink += evaluate && combined is not null
                    ? combined.Evaluate(series.Times[i], series.Values[i]).Score
                    : detector.Score(series.Times[i], series.Values[i]).Score;
            }

            ticks += Stopwatch.GetTimestamp() - start;
            bytes += GC.GetAllocatedBytesForCurrentThread() - allocated;
            samples += series.Length;
        }

        GC.KeepAlive(sink);
        return (ticks, bytes, samples);
    }
}
