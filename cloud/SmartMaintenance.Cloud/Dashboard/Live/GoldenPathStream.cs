using System.Text.Json;
using SmartMaintenance.Cloud.Agents.Orchestration;
using Microsoft.Extensions.Localization;
using SmartMaintenance.Cloud.Dashboard.Auth;
using SmartMaintenance.Cloud.Dashboard.Localization;
using SmartMaintenance.Cloud.Resources;

namespace SmartMaintenance.Cloud.Dashboard.Live;

/// <summary>
/// GET /ui/live/golden-path/{id}   server-sent events: the run's state (all seven stages) each time it changes,
/// until it finishes. The Golden Path page updates its stage list from these, without reloading. The stream runs
/// under the dashboard's request localization, so each stage's detail is sent already in the reader's language
/// (the page writes it as it comes); the API's stream (/api/v1/demo/golden-path/{id}/stream) keeps the English.
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

    internal static async Task StreamAsync(string id, GoldenPathOrchestrator orchestrator, IStringLocalizer<DashboardText> text, Display.PlantTime clock, HttpContext context)
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
                    await response.WriteAsync("event: run\ndata: " + JsonSerializer.Serialize(InReadersLanguage(view, text, clock), Json) + "\n\n", aborted);
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

    internal static RunView InReadersLanguage(RunView view, IStringLocalizer text, Display.PlantTime? clock = null) =>
        view with { Stages = [.. view.Stages.Select(s => s with { Detail = AgentTextLocalizer.Localize(s, text, clock) })] };
}
