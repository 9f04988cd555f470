using SmartMaintenance.Cloud.Bench;

// 1. Parse the mode and options. 2. Run it against the PostgreSQL server named by SM_TEST_POSTGRES (bench/pg.sh).
// 3. Print the figures (one markdown table row each) for docs/performance.md.
var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

return options.Mode switch
{
    "ingest" => await IngestBench.RunAsync(options),
    "query" => await QueryBench.RunAsync(options),
    _ => 2,
};
