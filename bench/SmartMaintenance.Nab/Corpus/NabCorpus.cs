using System.Globalization;
using System.Text.Json;

namespace SmartMaintenance.Nab.Corpus;

/// <summary>Loads NAB's data files and the combined windows (labels/combined_windows.json) from a NAB folder.</summary>
public static class NabCorpus
{
    private const string TimestampFormat = "yyyy-MM-dd HH:mm:ss";

    /// <summary>All data files under data/, sorted by relative path, each with its windows.</summary>
    public static IReadOnlyList<NabSeries> Load(string nabRoot)
    {
        var windows = LoadWindows(Path.Combine(nabRoot, "labels", "combined_windows.json"));
        string dataRoot = Path.Combine(nabRoot, "data");
        var files = Directory.GetFiles(dataRoot, "*.csv", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(dataRoot, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        var series = new List<NabSeries>(files.Count);
        foreach (string relative in files)
        {
            if (!windows.TryGetValue(relative, out var limits))
            {
                throw new InvalidDataException($"{relative} has no entry in combined_windows.json.");
            }

            series.Add(LoadSeries(Path.Combine(dataRoot, relative), relative, limits));
        }

        return series;
    }

    public static NabSeries LoadSeries(string path, string relativePath, IReadOnlyList<(string Start, string End)> limits)
    {
        var stamps = new List<string>();
        var values = new List<double>();
        foreach (string line in File.ReadLines(path).Skip(1))
        {
            if (line.Length == 0)
            {
                continue;
            }

            int comma = line.IndexOf(',');
            stamps.Add(line[..comma]);
            values.Add(double.Parse(line.AsSpan(comma + 1), NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        string[] timestamps = [.. stamps];
        var times = timestamps.Select(ParseTimestamp).ToArray();
        var index = new Dictionary<string, int>(timestamps.Length, StringComparer.Ordinal);
        for (int i = 0; i < timestamps.Length; i++)
        {
            index[timestamps[i]] = i;
        }

        // Window limits carry microseconds ("2014-02-19 10:50:00.000000"); data timestamps do not.
        var windows = limits.Select(l => new LabelWindow(Find(index, l.Start, relativePath), Find(index, l.End, relativePath))).ToArray();
        return new NabSeries(relativePath, timestamps, times, [.. values], windows);
    }

    public static DateTimeOffset ParseTimestamp(string text) =>
        DateTimeOffset.ParseExact(text.AsSpan(0, Math.Min(text.Length, TimestampFormat.Length)), TimestampFormat,
            CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public static Dictionary<string, IReadOnlyList<(string Start, string End)>> LoadWindows(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var result = new Dictionary<string, IReadOnlyList<(string, string)>>(StringComparer.Ordinal);
        foreach (var file in document.RootElement.EnumerateObject())
        {
            result[file.Name] = file.Value.EnumerateArray()
                .Select(w => (w[0].GetString()!, w[1].GetString()!))
                .ToList();
        }

        return result;
    }

    private static int Find(Dictionary<string, int> index, string limit, string file) =>
        index.TryGetValue(limit[..Math.Min(limit.Length, TimestampFormat.Length)], out int i)
            ? i
            : throw new InvalidDataException($"Window limit {limit} is not a timestamp of {file}.");
}
