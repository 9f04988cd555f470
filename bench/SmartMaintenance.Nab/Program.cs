using System.Globalization;
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
    DetectorCatalog.ContextKnnForNab = OptionOverrides.Apply(DetectorCatalog.ContextKnnForNab, options.Overrides);
    Console.WriteLine($"Context k-NN options: {DetectorCatalog.ContextKnnForNab}");
}
var profiles = NabProfile.Load(Path.Combine(options.NabRoot, "config", "profiles.json"));
Console.WriteLine($"NAB corpus (split {options.Split}): {corpus.Count} files, {corpus.Sum(s => s.Length)} rows, {corpus.Sum(s => s.Windows.Length)} windows ({options.NabRoot})");
if (args.Contains("--verify"))
{
    return VerifyCommand.Run(options.NabRoot, corpus, profiles);
}

Console.WriteLine($"{"detector",-18} {"standard",9} {"low FP",9} {"low FN",9}  thresholds (std/lowFP/lowFN)   seconds");
var runs = new List<DetectorRun>();
foreach (string detector in options.Detectors)
{
    var run = NabRunner.Run(detector, corpus, profiles);
    runs.Add(run);
    var p = run.Profiles;
    Console.WriteLine($"{detector,-18} {p[0].Normalised,9:F2} {p[1].Normalised,9:F2} {p[2].Normalised,9:F2}  {p[0].Threshold:G6}/{p[1].Threshold:G6}/{p[2].Threshold:G6}   {run.Elapsed.TotalSeconds:F1}");
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
