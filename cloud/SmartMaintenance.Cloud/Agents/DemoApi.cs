using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using SmartMaintenance.Cloud.Agents.Demo;
using SmartMaintenance.Cloud.Agents.Orchestration;
using SmartMaintenance.Cloud.Agents.Simulation;
using SmartMaintenance.Cloud.Security;

namespace SmartMaintenance.Cloud.Agents;

/// <summary>
/// POST /api/v1/demo/golden-path {events, auto_decide (default true)} (operate) -> 202 with the run (409 on the JetStream bus)
/// GET  /api/v1/demo/golden-path/{id} (read) and /api/v1/demo/golden-path/{id}/stream (read, server-sent events)
/// POST /api/v1/simulate/{normal|anomaly|drift} (operate): only devices of the demo site (a fleet device: 400)
/// GET  /api/v1/demo/site (read): the demo site's devices and its last clears
/// DELETE /api/v1/demo/site/data (operate): clears the demo site (recorded in the decision log as the API key's name)
/// </summary>
internal static class DemoApi
{
    public static void MapDemoApi(this IEndpointRouteBuilder routes)
    {
        var read = routes.MapGroup("/api/v1").RequireScope(ApiScopes.Read).WithTags("Demo");
        var operate = routes.MapGroup("/api/v1").RequireScope(ApiScopes.Operate).WithTags("Demo");
        operate.MapPost("/demo/golden-path", StartAsync);
        read.MapGet("/demo/golden-path/{id}", (string id, GoldenPathOrchestrator o) =>
            o.Find(id) is { } run ? Results.Ok(run.View()) : NoSuchRun(id, o));
        read.MapGet("/demo/golden-path/{id}/stream", (string id, GoldenPathOrchestrator o, CancellationToken ct) =>
            o.Find(id) is { } run
                ? TypedResults.ServerSentEvents(StreamAsync(run, ct), eventType: "run")
                : NoSuchRun(id, o));
        operate.MapPost("/simulate/{kind}", SimulateAsync);
        read.MapGet("/demo/site", async (IDemoSite demo, DemoDataCleaner cleaner, CancellationToken ct) => Results.Ok(new
        {
            site = DemoSite.Name,
            devices = (await demo.DeviceIdsAsync(ct)).Order(StringComparer.Ordinal),
            cleared = await cleaner.HistoryAsync(10, ct),
        }));
        operate.MapDelete("/demo/site/data", async (HttpContext context, DemoDataCleaner cleaner, CancellationToken ct) =>
            Results.Ok(await cleaner.ClearAsync("api:" + (context.Features.Get<PresentedApiKey>()?.Principal?.Name ?? "unknown"), ct)));
    }

    /// <summary>404; on the JetStream bus it says why no run can be found here (none can start: GoldenPathOrchestrator).</summary>
    private static IResult NoSuchRun(string id, GoldenPathOrchestrator orchestrator) =>
        TypedResults.Problem(statusCode: 404, title: $"Golden Path run {id} does not exist.",
            detail: orchestrator.Available ? null : GoldenPathOrchestrator.ScaleOutRefusal);

    private static async Task<IResult> StartAsync(GoldenPathBody? body, GoldenPathOrchestrator orchestrator, CancellationToken ct)
    {
        if (!orchestrator.Available)
        {
            // Refused before anything is written: a run that cannot be followed must not leave readings behind.
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                title: "The Golden Path demo runs on a single cloud instance only.", detail: GoldenPathOrchestrator.ScaleOutRefusal);
        }

        var events = body?.Events ?? 10;
        if (events is < 1 or > 10_000)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["events"] = ["events must be between 1 and 10000."] });
        }

        // auto_decide defaults on, as on the dashboard page and in the planning documents' flow; false waits for a person.
        var run = await orchestrator.StartAsync(events, body?.AutoDecide ?? true, ct);
        return TypedResults.Accepted($"/api/v1/demo/golden-path/{run.Id}", run.View());
    }

    /// <summary>One SSE item per change of the run, until it finishes (or the client goes away).</summary>
    private static async IAsyncEnumerable<RunView> StreamAsync(GoldenPathRun run, [EnumeratorCancellation] CancellationToken ct)
    {
        var seen = -1;
        while (!ct.IsCancellationRequested)
        {
            var view = run.View();
            if (view.Version != seen)
            {
                seen = view.Version;
                yield return view;
            }

            if (view.Status != StageStatus.Running)
            {
                yield break;
            }

            await run.WaitForChangeAsync(seen, ct);
        }
    }

    private static async Task<IResult> SimulateAsync(string kind, SimulationRequest? body, Simulator simulator, CancellationToken ct)
    {
        if (!Enum.TryParse<SimulationKind>(kind, ignoreCase: true, out var k) || int.TryParse(kind, out _))
        {
            return TypedResults.Problem(statusCode: 404, title: $"Unknown simulation '{kind}'", detail: "Use normal, anomaly or drift.");
        }

        var request = body ?? new SimulationRequest();
        var errors = await simulator.ValidateAsync(k, request, ct);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The simulation request is invalid.");
        }

        return TypedResults.Ok(await simulator.RunAsync(k, request, ct));
    }
}
