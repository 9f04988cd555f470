using System.Globalization;

namespace SmartMaintenance.Cloud.Bench;

/// <summary>Command-line options of the bench.</summary>
internal sealed record BenchOptions(string Mode, int Rows, int BatchSize, int Concurrency, int Seconds, int Sensors, bool Gzip)
{
    public const string Usage = """
        usage: SmartMaintenance.Cloud.Bench ingest [--rows 500000] [--batch 1000] [--concurrency 8] [--no-gzip]
               SmartMaintenance.Cloud.Bench query  [--rows 1000000] [--sensors 100] [--concurrency 32] [--seconds 20]
        Needs SM_TEST_POSTGRES (a server connection string; bench/pg.sh start prints one).
        """;

    public static BenchOptions? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("ingest" or "query"))
        {
            return null;
        }

        var o = args[0] == "ingest"
            ? new BenchOptions("ingest", 500_000, 1000, 8, 0, 0, true)
            : new BenchOptions("query", 1_000_000, 1000, 32, 20, 100, true);
        for (var i = 1; i < args.Length; i++)
        {
            int Next() => int.Parse(args[++i], CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--rows" => o with { Rows = Next() },
                "--batch" => o with { BatchSize = Next() },
                "--concurrency" => o with { Concurrency = Next() },
                "--seconds" => o with { Seconds = Next() },
                "--sensors" => o with { Sensors = Next() },
                "--no-gzip" => o with { Gzip = false },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }

        return o;
    }
}
