using System.Text;
using SmartMaintenance.Cloud.Dashboard.Auth;

namespace SmartMaintenance.Cloud.Dashboard.Live;

/// <summary>
/// GET /ui/live?topics=readings,alerts   server-sent events for a signed-in user, one stream for all the topics a
/// page shows: "event: {topic}" and one JSON object per event.
/// GET /ui/live/{topic}                  the same for one topic.
/// Headers go out at once (so the page shows "live" before the first event), and a comment line every 15 s keeps
/// proxies from closing an idle stream.
/// </summary>
public static class LiveEventsApi
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static IEndpointRouteBuilder MapLiveEvents(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(DashboardRoutes.Prefix + "/live", (string? topics, DashboardFeed feed, TimeProvider time, HttpContext context) =>
                StreamAsync((topics ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), feed, time, context))
            .RequireAuthorization(DashboardRoles.CanView)
            .ExcludeFromDescription();
        routes.MapGet(DashboardRoutes.Prefix + "/live/{topic}", (string topic, DashboardFeed feed, TimeProvider time, HttpContext context) =>
                StreamAsync([topic], feed, time, context))
            .RequireAuthorization(DashboardRoles.CanView)
            .ExcludeFromDescription();
        return routes;
    }

    internal static async Task StreamAsync(string[] topics, DashboardFeed feed, TimeProvider time, HttpContext context)
    {
        if (topics.Length == 0 || !topics.All(LiveTopics.IsKnown))
        {
            await TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown live topic",
                detail: "Known topics: readings, alerts, golden-path, devices.").ExecuteAsync(context);
            return;
        }

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        using var subscription = feed.Subscribe(topics);
        var aborted = context.RequestAborted;
        await response.StartAsync(aborted);
        await response.Body.FlushAsync(aborted);
        try
        {
            while (!aborted.IsCancellationRequested)
            {
                using var idle = new CancellationTokenSource(KeepAlive, time);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(aborted, idle.Token);
                bool more;
                try
                {
                    more = await subscription.Reader.WaitToReadAsync(wait.Token);
                }
                catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
                {
                    await response.WriteAsync(": keep-alive\n\n", aborted);
                    await response.Body.FlushAsync(aborted);
                    continue;
                }

                if (!more)
                {
                    return;
                }

                var text = new StringBuilder();
                while (subscription.Reader.TryRead(out var e))
                {
                    // JSON from System.Text.Json has no raw newlines, so one data line per event is enough.
                    text.Append("event: ").Append(e.Topic).Append('\n').Append("data: ").Append(e.Json).Append("\n\n");
                }

                await response.WriteAsync(text.ToString(), aborted);
                await response.Body.FlushAsync(aborted);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The page was closed: nothing to answer.
        }
    }
}
