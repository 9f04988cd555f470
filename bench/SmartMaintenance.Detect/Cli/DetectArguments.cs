using System.Globalization;

namespace SmartMaintenance.Detect.Cli;

/// <summary>The options of the alert-path command (see <see cref="Help"/>).</summary>
public sealed record DetectArguments(string Input, string Output, int? TrainRows, string? TimestampColumn, char? Separator)
{
    public const string Help = """
        Runs the product's machine alert path over one machine's readings.

        Usage:
          dotnet run -c Release --project bench/SmartMaintenance.Detect -- --input IN.csv --output OUT.csv --train-rows K
                     [--timestamp-column NAME] [--separator ';']
          dotnet run -c Release --project bench/SmartMaintenance.Detect -- eval-tep [--data DIR] [--set Name=Value]
          dotnet run -c Release --project bench/SmartMaintenance.Detect -- eval-nab [--nab DIR] [--files] [--embed L] [--set Name=Value]
          dotnet run -c Release --project bench/SmartMaintenance.Detect -- eval-fleet [--machines N] [--days D] [--faults N] [--seed S] [--set Name=Value]
            (--set: a MachineDetectorOptions / IncidentRuleOptions property, to measure a candidate; see docs/detection.md)

        Input: one machine; a header row, then one row per instant. One column is the timestamp (copied to the
        output as written); every other column is a numeric sensor, its header the sensor id. An empty cell (or NaN)
        is a missing reading: the sensor keeps its last value, as in the product.
          --input FILE              the CSV file to read
          --output FILE             the CSV file to write (replaced; written only when the whole input was read)
          --train-rows K            the first K rows are the machine's baseline (warm-up): no decisions, alert 0
                                    (default 300, the product's MachineDetectorOptions.BaselineObservations; >= 10)
          --timestamp-column NAME   the timestamp column (default: the first column named timestamp, time, datetime,
                                    date or ts, ignoring case; else the first column)
          --separator C             ',' or ';' (default: whichever the header line has more of; with ';' a decimal
                                    comma is read too: 1,5 = 1.5)

        Output: a header and one row per input row, in input order:
          timestamp,alert,severity,incident,sensor
          alert     1 when the machine is inside an open incident at that row, else 0 (baseline rows: 0)
          severity  the open incident's severity (Low, Medium, High, Critical); empty when alert is 0
          incident  the incident's number on this machine (1, 2, ...); empty when alert is 0
          sensor    the sensor that contributed most to that row's verdict; empty when alert is 0

        The detector and incident rule are MachineDetector and IncidentTracker with their default options, the
        anomaly agent's defaults (docs/detection.md). Exit code 0 on success, 1 when the input is bad (the message
        names the line), 2 on a usage error.
        """;

    /// <summary>Parses the command line; throws <see cref="ArgumentException"/> with a usage message.</summary>
    public static DetectArguments Parse(IReadOnlyList<string> args)
    {
        string? input = null, output = null, timestamp = null;
        int? trainRows = null;
        char? separator = null;
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--input": input = Next(); break;
                case "--output": output = Next(); break;
                case "--timestamp-column": timestamp = Next(); break;
                case "--train-rows":
                    var text = Next();
                    if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var k) || k < 10)
                    {
                        throw new ArgumentException($"--train-rows must be a whole number of at least 10 (was '{text}').");
                    }

                    trainRows = k;
                    break;
                case "--separator":
                    var s = Next();
                    separator = s switch
                    {
                        "," => ',',
                        ";" => ';',
                        _ => throw new ArgumentException($"--separator must be ',' or ';' (was '{s}')."),
                    };
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }

        if (input is null || output is null)
        {
            throw new ArgumentException("--input and --output are required.");
        }

        return new DetectArguments(input, output, trainRows, timestamp, separator);
    }
}
