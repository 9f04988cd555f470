using System.Globalization;
using System.Security.Cryptography;

namespace SmartMaintenance.Cloud.Ml.Rul;

/// <summary>
/// Reads NASA C-MAPSS FD001 (data/cmapss, SOURCE.md): 26 space-separated columns (unit, cycle, 3 settings, 21
/// sensors). The three files are checked against their SHA-256 so the card's figures always describe these bytes.
/// </summary>
public static class CmapssLoader
{
    public const int SensorCount = 21;
    public const string TrainSha256 = "963b5e22825b34d8b21c69e1aeb4af3e647050eb672ee8834ba4b5d91d2de0f8";
    public const string TestSha256 = "3cda7109ce17bafb5443f2ac926cfcf88154b941b8c4cf95eb55d1ddd6f52851";
    public const string RulSha256 = "a19c8ec94931949d0485bdc35118206e9c81c4547b422efb9cf86f4ceddbceca";

    /// <summary>Beside the program (copied by the build, like AI4I).</summary>
    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "data", "cmapss");

    public static (IReadOnlyList<CmapssEngine> Train, IReadOnlyList<CmapssEngine> Test) LoadFd001(string folder)
    {
        var train = Read(Path.Combine(folder, "train_FD001.txt"), TrainSha256);
        var test = Read(Path.Combine(folder, "test_FD001.txt"), TestSha256);
        var rulLines = Lines(Path.Combine(folder, "RUL_FD001.txt"), RulSha256);
        var rul = rulLines.Where(l => l.Trim().Length > 0).Select(l => int.Parse(l.Trim(), CultureInfo.InvariantCulture)).ToArray();
        if (rul.Length != test.Count)
        {
            throw new CmapssDataException($"RUL_FD001.txt has {rul.Length} values for {test.Count} test engines");
        }

        return (train.Select(e => e with { TrueRul = null }).ToList(), test.Select((e, i) => e with { TrueRul = rul[i] }).ToList());
    }

    public static string CombinedSha256 => TrainSha256[..12] + "/" + TestSha256[..12] + "/" + RulSha256[..12];

    private static List<CmapssEngine> Read(string path, string sha)
    {
        var byUnit = new SortedDictionary<int, List<float[]>>();
        var n = 0;
        foreach (var line in Lines(path, sha))
        {
            n++;
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0) continue;
            if (parts.Length != 5 + SensorCount)
            {
                throw new CmapssDataException($"{Path.GetFileName(path)} line {n}: {parts.Length} columns, expected {5 + SensorCount}");
            }

            var unit = int.Parse(parts[0], CultureInfo.InvariantCulture);
            var cycle = int.Parse(parts[1], CultureInfo.InvariantCulture);
            if (!byUnit.TryGetValue(unit, out var cycles)) byUnit[unit] = cycles = [];
            if (cycle != cycles.Count + 1)
            {
                throw new CmapssDataException($"{Path.GetFileName(path)} line {n}: unit {unit} cycle {cycle} out of order");
            }

            cycles.Add(parts.Skip(5).Select(p => float.Parse(p, CultureInfo.InvariantCulture)).ToArray());
        }

        return byUnit.Select(kv => new CmapssEngine(kv.Key, kv.Value, null)).ToList();
    }

    private static string[] Lines(string path, string sha)
    {
        if (!File.Exists(path)) throw new CmapssDataException($"C-MAPSS file not found: {path}");
        var bytes = File.ReadAllBytes(path);
        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (actual != sha)
        {
            throw new CmapssDataException($"{Path.GetFileName(path)} has SHA-256 {actual}, expected {sha}");
        }

        return System.Text.Encoding.ASCII.GetString(bytes).Split('\n');
    }
}
