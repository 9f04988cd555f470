using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace SmartMaintenance.Detect.Cli;

/// <summary>One data row of a machine CSV: its line in the file, the timestamp cell as written, one value per sensor (NaN = missing).</summary>
public readonly record struct MachineRow(int Line, string Timestamp, double[] Values);

/// <summary>
/// Reads a machine CSV (header row, one timestamp column, numeric sensor columns) with CsvHelper's parser, so
/// quoting and line endings follow RFC 4180. Every problem is a <see cref="CsvInputException"/> naming the file and
/// the line: a cell that is not a number, a row with the wrong number of cells, a missing file or header.
/// </summary>
public sealed class MachineCsvReader : IDisposable
{
    private static readonly string[] TimestampNames = ["timestamp", "time", "datetime", "date", "ts"];
    private readonly string _path;
    private readonly StreamReader _reader;
    private readonly CsvParser _parser;
    private readonly int _timestampColumn;
    private readonly int _width;

    public MachineCsvReader(string path, string? timestampColumn, char? separator)
    {
        _path = path;
        if (!File.Exists(path))
        {
            throw new CsvInputException($"{path}: file not found.");
        }

        Separator = separator ?? GuessSeparator(path);
        _reader = new StreamReader(path);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = Separator.ToString(),
            HasHeaderRecord = false,
            DetectColumnCountChanges = false,
            BadDataFound = args => throw new CsvInputException(
                $"{_path} line {args.Context.Parser?.RawRow}: badly quoted cell '{args.Field}'."),
        };
        _parser = new CsvParser(_reader, config);
        if (!_parser.Read() || _parser.Record is not { Length: > 0 } header)
        {
            Dispose();
            throw new CsvInputException($"{path} line 1: no header row (expected a timestamp column and sensor columns).");
        }

        _width = header.Length;
        _timestampColumn = FindTimestamp(header, timestampColumn);
        var sensors = new List<string>(header.Length - 1);
        for (var c = 0; c < header.Length; c++)
        {
            if (c == _timestampColumn)
            {
                continue;
            }

            var name = header[c].Trim();
            if (name.Length == 0)
            {
                Dispose();
                throw new CsvInputException($"{path} line 1: column {c + 1} has no name (the header names the sensors).");
            }

            if (sensors.Contains(name, StringComparer.Ordinal))
            {
                Dispose();
                throw new CsvInputException($"{path} line 1: the sensor column '{name}' appears twice.");
            }

            sensors.Add(name);
        }

        if (sensors.Count == 0)
        {
            Dispose();
            throw new CsvInputException($"{path} line 1: no sensor column besides the timestamp column '{header[_timestampColumn]}'.");
        }

        Sensors = sensors;
    }

    public char Separator { get; }

    /// <summary>Sensor ids in column order (the timestamp column left out).</summary>
    public IReadOnlyList<string> Sensors { get; }

    public IEnumerable<MachineRow> Rows()
    {
        while (_parser.Read())
        {
            var record = _parser.Record!;
            var line = _parser.RawRow;
            if (record.Length == 1 && record[0].Length == 0)
            {
                continue; // a blank line (e.g. at the end of the file) is not a row
            }

            if (record.Length != _width)
            {
                throw new CsvInputException($"{_path} line {line}: {record.Length} cells, the header has {_width}.");
            }

            var values = new double[Sensors.Count];
            var v = 0;
            for (var c = 0; c < record.Length; c++)
            {
                if (c == _timestampColumn)
                {
                    continue;
                }

                values[v] = ParseCell(record[c], line, Sensors[v]);
                v++;
            }

            yield return new MachineRow(line, record[_timestampColumn], values);
        }
    }

    public void Dispose()
    {
        _parser.Dispose();
        _reader.Dispose();
    }

    private double ParseCell(string cell, int line, string sensor)
    {
        var text = cell.Trim();
        if (text.Length == 0)
        {
            return double.NaN; // missing reading: the sensor keeps its last value
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        // A ';'-separated file often comes from a locale with a decimal comma.
        if (Separator == ';' && !text.Contains('.', StringComparison.Ordinal)
            && double.TryParse(text.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return value;
        }

        throw new CsvInputException($"{_path} line {line}: sensor '{sensor}' has '{Shorten(cell)}', which is not a number.");
    }

    private int FindTimestamp(string[] header, string? name)
    {
        if (name is not null)
        {
            var index = Array.FindIndex(header, h => string.Equals(h.Trim(), name, StringComparison.Ordinal));
            if (index < 0)
            {
                index = Array.FindIndex(header, h => string.Equals(h.Trim(), name, StringComparison.OrdinalIgnoreCase));
            }

            return index >= 0
                ? index
                : throw new CsvInputException($"{_path} line 1: no column named '{name}' (columns: {string.Join(", ", header)}).");
        }

        var named = Array.FindIndex(header, h => TimestampNames.Contains(h.Trim(), StringComparer.OrdinalIgnoreCase));
        return named >= 0 ? named : 0;
    }

    private static char GuessSeparator(string path)
    {
        using var reader = new StreamReader(path);
        var first = reader.ReadLine() ?? string.Empty;
        return first.Count(c => c == ';') > first.Count(c => c == ',') ? ';' : ',';
    }

    private static string Shorten(string cell) => cell.Length <= 40 ? cell : cell[..40] + "...";
}
