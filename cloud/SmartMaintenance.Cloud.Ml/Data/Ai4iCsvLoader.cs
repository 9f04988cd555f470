using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SmartMaintenance.Cloud.Ml.Data;

/// <summary>
/// Reads ai4i2020.csv and refuses anything else: the SHA-256, the header and the row count are checked first,
/// so a truncated, edited or different file fails with a message that says which check failed.
/// </summary>
public static class Ai4iCsvLoader
{
    /// <summary>From data/ai4i2020/ATTRIBUTION.md.</summary>
    public const string ExpectedSha256 = "dc6630cd9b1f0f853922fad78a1b6436570d3f1ec863f1dd5c4340ac56bc8a8e";
    public const int ExpectedRows = 10_000;

    public static readonly string ExpectedHeader =
        "UDI,Product ID,Type,Air temperature [K],Process temperature [K],Rotational speed [rpm],Torque [Nm],"
        + "Tool wear [min],Machine failure,TWF,HDF,PWF,OSF,RNF";

    /// <summary>Default location relative to the program folder (the library copies the file there).</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "data", "ai4i2020", "ai4i2020.csv");

    public static Ai4iDataset Load(string path, string? expectedSha256 = ExpectedSha256, int? expectedRows = ExpectedRows)
    {
        if (!File.Exists(path))
        {
            throw new Ai4iDataException($"AI4I data file not found at '{path}'. Copy data/ai4i2020/ai4i2020.csv there or set the path.");
        }

        var bytes = File.ReadAllBytes(path);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (expectedSha256 is not null && !string.Equals(sha, expectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new Ai4iDataException($"AI4I data file '{path}' has SHA-256 {sha}, expected {expectedSha256}: it is not the published file.");
        }

        var rows = Parse(Encoding.UTF8.GetString(bytes), path);
        if (expectedRows is { } n && rows.Count != n)
        {
            throw new Ai4iDataException($"AI4I data file '{path}' has {rows.Count} data rows, expected {n}.");
        }

        return new Ai4iDataset(rows, sha);
    }

    internal static List<Ai4iRecord> Parse(string text, string source)
    {
        var lines = text.TrimStart('\uFEFF').Split('\n');
        var header = lines.Length > 0 ? lines[0].TrimEnd('\r') : "";
        if (header != ExpectedHeader)
        {
            throw new Ai4iDataException($"AI4I data file '{source}' has header '{header}', expected '{ExpectedHeader}'.");
        }

        var rows = new List<Ai4iRecord>(ExpectedRows);
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            rows.Add(ParseRow(line, i + 1, source));
        }

        return rows;
    }

    private static Ai4iRecord ParseRow(string line, int lineNumber, string source)
    {
        var f = line.Split(',');
        if (f.Length != 14 || f[2].Length != 1 || "LMH".IndexOf(f[2][0], StringComparison.Ordinal) < 0)
        {
            throw new Ai4iDataException($"AI4I data file '{source}' line {lineNumber}: expected 14 fields with Type L, M or H.");
        }

        double Num(int index)
        {
            if (!double.TryParse(f[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
            {
                throw new Ai4iDataException($"AI4I data file '{source}' line {lineNumber}: field {index + 1} '{f[index]}' is not a number.");
            }

            return v;
        }

        bool Flag(int index) => f[index] switch
        {
            "1" => true,
            "0" => false,
            _ => throw new Ai4iDataException($"AI4I data file '{source}' line {lineNumber}: field {index + 1} must be 0 or 1."),
        };

        var reading = new MachineReading(f[2][0], Num(3), Num(4), Num(5), Num(6), Num(7));
        return new Ai4iRecord((int)Num(0), f[1], reading, Flag(8), Flag(9), Flag(10), Flag(11), Flag(12), Flag(13));
    }
}
