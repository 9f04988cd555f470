using Microsoft.Extensions.Diagnostics.HealthChecks;
using SmartMaintenance.Cloud.Devices;

namespace SmartMaintenance.Cloud.Compatibility;

/// <summary>
/// One route per component, as the documents' smoke steps call them. 200 when the component serves, 503 (with the
/// reason) when it does not; /health/redis says the product has no Redis. No key needed, like /health and /health/ready.
/// </summary>
internal static class HealthCompatibilityApi
{
    /// <summary>Three missed registry syncs at the broker's default interval (Broker:Cloud:SyncInterval, 30 s).</summary>
    public static readonly TimeSpan BrokerStaleAfter = TimeSpan.FromSeconds(90);

    public static void MapHealthCompatibility(this IEndpointRouteBuilder routes)
    {
        var health = routes.MapGroup("/health").WithTags("Compatibility");
        health.MapGet("/db", DatabaseAsync);
        health.MapGet("/ml", MlAsync);
        health.MapGet("/redis", Redis);
        health.MapGet("/broker", Broker);
        routes.MapGet("/docs", (IWebHostEnvironment environment) => TypedResults.Ok(new
        {
            title = "SmartMaintenance API",
            openapi = environment.IsDevelopment() ? "/openapi/v1.json" : null,
            reference = environment.IsDevelopment() ? "/scalar" : null,
            detail = environment.IsDevelopment()
                ? "The OpenAPI document and the browsable reference are served at the links above."
                : "The OpenAPI document and the browsable reference are served in the Development environment only; "
                  + "the routes are listed in cloud/README.md and docs/api-compatibility.md.",
        })).WithTags("Compatibility");
    }

    private static async Task<IResult> DatabaseAsync(HealthCheckService checks, CancellationToken ct)
    {
        var entry = (await checks.CheckHealthAsync(c => c.Name == "database", ct)).Entries["database"];
        var healthy = entry.Status == HealthStatus.Healthy;
        var state = healthy ? "connected" : entry.Description?.Contains("unreachable", StringComparison.Ordinal) == true ? "unreachable" : "not migrated";
        return Results.Json(new { status = healthy ? "healthy" : "unhealthy", database = state, db_status = state, detail = entry.Description },
            statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> MlAsync(HealthCheckService checks, CancellationToken ct)
    {
        var entry = (await checks.CheckHealthAsync(c => c.Name == "ml", ct)).Entries["ml"];
        var healthy = entry.Status == HealthStatus.Healthy;
        return Results.Json(new { status = healthy ? "healthy" : entry.Status.ToString().ToLowerInvariant(), ml = entry.Description },
            statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>200, not 404 and not 503: nothing is missing, the product keeps no state in Redis.</summary>
    private static IResult Redis() => TypedResults.Ok(new
    {
        status = "not_used",
        redis = "not_used",
        detail = "SmartMaintenance has no Redis: idempotency keys are kept in the database (unique keys on the readings), the event "
            + "bus runs in the cloud process, and rate limits are per process. Check /health/db and /health/ready instead.",
    });

    private static IResult Broker(BrokerContact contact, TimeProvider time)
    {
        var last = contact.LastContactAt;
        var connected = last is { } at && time.GetUtcNow() - at <= BrokerStaleAfter;
        return Results.Json(new
        {
            status = connected ? "healthy" : "unhealthy",
            broker = connected ? "connected" : last is null ? "not_seen" : "stale",
            last_contact_at = last,
            broker_id = contact.LastBrokerId,
            detail = connected
                ? "An edge broker synced its registry or sent device events recently."
                : $"No edge broker call within {BrokerStaleAfter.TotalSeconds:0} s (the cloud only knows the broker through its calls; "
                  + "a restarted cloud learns of it at the next sync).",
        }, statusCode: connected ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
