using System.Text.Json;
using SmartMaintenance.Cloud.Agents.Orchestration;
using SmartMaintenance.Cloud.Dashboard.Auth;

namespace SmartMaintenance.Cloud.Dashboard.Live;

/// <summary>
/// GET /ui/live/golden-path/{id}   server-sent events: the run's state (all seven stages) each time it changes,
/// until it finishes. The Golden Path page updates its stage list from these, without reloading.
/// </summary>
public static class GoldenPathStream
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapGoldenPathStream(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(DashboardRoutes.Prefix + "/live/golden-path/{id}", StreamAsync)
            .RequireAuthorization(DashboardRoles.CanView)
            .ExcludeFromDescription();
        return routes;
    }

    internal static async Task StreamAsync(string id, GoldenPathOrchestrator orchestrator, HttpContext context)
    {
        if (orchestrator.Find(id) is not { } run)
        {
            await TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown Golden Path run").ExecuteAsync(context);
            return;
        }

        var response = context.Response;
        var aborted = context.RequestAborted;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        await response.StartAsync(aborted);
        var seen = -1;
        try
        {
            while (!aborted.IsCancellationRequested)
            {
                var view = run.View();
                if (view.Version != seen)
                {
                    seen = view.Version;
                    await response.WriteAsync("event: run\ndata: " + JsonSerializer.Serialize(view, Json) + "\n\n", aborted);
                    await response.Body.FlushAsync(aborted);
                }

                if (view.Status != StageStatus.Running)
                {
                    return;
                }

                await run.WaitForChangeAsync(seen, aborted);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The page was closed.
        }
    }
}
