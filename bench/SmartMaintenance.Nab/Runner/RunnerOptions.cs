namespace SmartMaintenance.Nab.Runner;

/// <summary>
/// Command line of the runner: --nab DIR, --detector NAME|all, --docs FILE, --no-docs, --split all|a|b (half a = files
/// 0, 2, 4, ... of the sorted corpus, b = 1, 3, 5, ...), --set Name=Value (context k-NN or combined option override,
/// exploration), --verify (scorer check), --files (per-file standard scores), --cost (per-sample time and allocation of the chosen detectors).
/// </summary>
public sealed record RunnerOptions(string NabRoot, IReadOnlyList<string> Detectors, string? DocsPath, string Split, IReadOnlyDictionary<string, string> Overrides)
{
    public static RunnerOptions Parse(string[] args, string repoRoot)
    {
        string nab = Path.GetFullPath(Path.Combine(repoRoot, "..", "shared", "datasets", "nab"));
        string detector = "all";
        string? docs = null;
        bool noDocs = false;
        string split = "all";
        var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--nab": nab = Path.GetFullPath(Next()); break;
                case "--detector": detector = Next().ToLowerInvariant(); break;
                case "--docs": docs = Path.GetFullPath(Next()); break;
                case "--no-docs": noDocs = true; break;
                case "--verify": noDocs = true; break;
                case "--cost": noDocs = true; break;
                case "--files": break;
                case "--split":
                    split = Next().ToLowerInvariant();
                    if (split is not ("all" or "a" or "b")) throw new ArgumentException("--split takes all, a or b.");
                    break;
                case "--set":
                    string[] pair = Next().Split('=', 2);
                    if (pair.Length != 2) throw new ArgumentException("--set takes Name=Value.");
                    overrides[pair[0]] = pair[1];
                    break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'. Usage: [--nab DIR] [--detector all|{string.Join('|', SmartMaintenance.Nab.Detectors.DetectorCatalog.All)}] [--docs FILE] [--no-docs]");
            }
        }

        if (!Directory.Exists(Path.Combine(nab, "data")) || !File.Exists(Path.Combine(nab, "labels", "combined_windows.json")))
        {
            throw new ArgumentException($"No NAB data at {nab} (expected data/ and labels/combined_windows.json); pass --nab DIR.");
        }

        var detectors = detector == "all" ? SmartMaintenance.Nab.Detectors.DetectorCatalog.All : [detector == "ml" ? "iforest" : detector];
        foreach (string d in detectors)
        {
            if (!SmartMaintenance.Nab.Detectors.DetectorCatalog.All.Contains(d))
            {
                throw new ArgumentException($"Unknown detector '{d}'. Known: all, {string.Join(", ", SmartMaintenance.Nab.Detectors.DetectorCatalog.All)}.");
            }
        }

        // The docs table is rewritten only by a full run (a partial run would drop rows), unless asked for.
        // ... and only with every file and the committed settings.
        noDocs |= split != "all" || overrides.Count > 0;
        docs ??= detector == "all" && !noDocs ? Path.Combine(repoRoot, "docs", "detection.md") : null;
        return new RunnerOptions(nab, detectors, noDocs ? null : docs, split, overrides);
    }
}
