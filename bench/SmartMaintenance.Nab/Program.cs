using System.Globalization;
using SmartMaintenance.Cloud.Detection.Combined;
using SmartMaintenance.Cloud.Detection.Sequence;
using SmartMaintenance.Nab.Corpus;
using SmartMaintenance.Nab.Detectors;
using SmartMaintenance.Nab.Runner;
using SmartMaintenance.Nab.Scoring;

// NAB runner: 1. parse options, 2. load the corpus and profiles, 3. run and score each detector,
// 4. print the three profile scores, 5. rewrite the table in docs/detection.md (full runs only).
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
RunnerOptions options;
try
{
    options = RunnerOptions.Parse(args, FindRepoRoot());
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var corpus = NabCorpus.Load(options.NabRoot);
if (options.Split != "all")
{
    int half = options.Split == "a" ? 0 : 1;
    corpus = corpus.Where((_, i) => i % 2 == half).ToList();
}

if (options.Overrides.Count > 0)
{
    var unknown = OptionOverrides.Unknown(options.Overrides, typeof(ContextKnnOptions), typeof(CombinedOptions)).ToList();
    if (unknown.Count > 0)
    {
        Console.Error.WriteLine($"--set: no such option: {string.Join(", ", unknown)}");
        return 2;
    }

    // Context k-NN settings reach the combined detector's members too (its Sequence options).
    DetectorCatalog.ContextKnnForNab = OptionOverrides.Apply(DetectorCatalog.ContextKnnForNab, options.Overrides);
    DetectorCatalog.CombinedForNab = OptionOverrides.Apply(DetectorCatalog.CombinedForNab with { Sequence = DetectorCatalog.ContextKnnForNab }, options.Overrides);
    Console.WriteLine($"Context k-NN options: {DetectorCatalog.ContextKnnForNab}");
    Console.WriteLine($"Combined options: {DetectorCatalog.CombinedForNab} contexts {string.Join(",", DetectorCatalog.CombinedForNab.SequenceContextLengths)}");
}
var profiles = NabProfile.Load(Path.Combine(options.NabRoot, "config", "profiles.json"));
Console.WriteLine($"NAB corpus (split {options.Split}): {corpus.Count} files, {corpus.Sum(s => s.Length)} rows, {corpus.Sum(s => s.Windows.Length)} windows ({options.NabRoot})");
if (args.Contains("--verify"))
{
    return VerifyCommand.Run(options.NabRoot, corpus, profiles);
}

if (args.Contains("--cost"))
{
    return CostCommand.Run(options.Detectors, corpus);
}

Console.WriteLine($"{"detector",-18} {"standard",9} {"low FP",9} {"low FN",9}  thresholds (std/lowFP/lowFN)   seconds");
var runs = new List<DetectorRun>();
foreach (string detector in options.Detectors)
{
    var run = NabRunner.Run(detector, corpus, profiles);
    runs.Add(run);
    var p = run.Profiles;
    Console.WriteLine($"{detector,-18} {p[0].Normalised,9:F2} {p[1].Normalised,9:F2} {p[2].Normalised,9:F2}  {p[0].Threshold:G6}/{p[1].Threshold:G6}/{p[2].Threshold:G6}   {run.Elapsed.TotalSeconds:F1}");
    if (args.Contains("--files"))
    {
        // Per-file standard-profile rows, for error analysis on the tuning half.
        foreach (var f in p[0].Files) Console.WriteLine($"  {f.File,-70} {f.Score,8:F3} windows {corpus.Single(c => c.RelativePath == f.File).Windows.Length} TP rows {f.Tp,5} FP rows {f.Fp,5}");
    }
}

if (options.DocsPath is not null)
{
    DetectionDocWriter.Write(options.DocsPath, DetectionDocWriter.Table(runs, options.NabRoot));
    Console.WriteLine($"Table written to {options.DocsPath}");
}

return 0;

static string FindRepoRoot()
{
    foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SmartMaintenance.sln")))
            {
                return dir.FullName;
            }
        }
    }

    return Directory.GetCurrentDirectory();
}
