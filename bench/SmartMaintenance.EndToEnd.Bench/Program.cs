using SmartMaintenance.EndToEnd.Bench;

// 1. Parse and validate the options (all problems at once).
var errors = new List<string>();
var options = E2eOptions.Parse(args, errors);
if (options is null)
{
    errors.ForEach(e => Console.Error.WriteLine("error: " + e));
    Console.Error.WriteLine(E2eOptions.Usage);
    return 2;
}

// 2. The PostgreSQL server must be there before anything is started.
if (await Postgres.ProblemAsync() is { } problem)
{
    Console.Error.WriteLine("error: " + problem);
    Console.Error.WriteLine(E2eOptions.Usage);
    return 2;
}

// 3. Cloud -> broker -> devices -> publish -> drain -> exact count, with progress lines.
var result = await EndToEndRun.RunAsync(options, Console.Out);

// 4. The figures for docs/performance.md; exit 1 if a reading was lost or duplicated.
Report.Print(Console.Out, options, result);
Report.PrintResources(Console.Out, options, result);
return result.Exact ? 0 : 1;
