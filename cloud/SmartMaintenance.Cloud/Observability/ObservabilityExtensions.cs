using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using Scalar.AspNetCore;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.Metrics;
using SmartMaintenance.Cloud.Ingestion;
using SmartMaintenance.Cloud.Storage;
using SmartMaintenance.Cloud.Storage.DeadLetters;

namespace SmartMaintenance.Cloud.Observability;

/// <summary>
/// /health (live: the process answers), /health/ready (database reachable and migrated), /metrics (Prometheus text
/// through OpenTelemetry: ASP.NET Core's HTTP server durations plus our ingestion, storage and per-agent instruments), and in
/// Development the OpenAPI document (/openapi/v1.json) with a browsable reference (/scalar).
/// </summary>
public static class ObservabilityExtensions
{
    public static IServiceCollection AddCloudObservability(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            .AddMeter(IngestMetrics.MeterName, StorageMetrics.MeterName, DeadLetterMetrics.MeterName, AgentMetrics.MeterName)
            .AddMeter(Security.SignInThrottle.MeterName)
            .AddPrometheusExporter());
        services.AddOpenApi();
        return services;
    }

    public static WebApplication MapCloudObservability(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteAsync });
        app.MapPrometheusScrapingEndpoint("/metrics");
        if (app.Environment.IsDevelopment())
        {
            app.MapOpenApi();
            app.MapScalarApiReference();
        }

        return app;
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new Dictionary<string, object?>
        {
            ["status"] = report.Status == HealthStatus.Healthy ? (report.Entries.Count == 0 ? "live" : "ready") : report.Status.ToString().ToLowerInvariant(),
            ["checks"] = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString().ToLowerInvariant(), detail = e.Value.Description }),
        };
        // Which partitions of the agent pipeline this instance consumes (docs/scale-out.md); absent in hosts without the pipeline.
        if (context.RequestServices.GetService<IPartitionOwnership>() is { } ownership)
        {
            body["scaleOut"] = ownership.Status();
        }

        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonOptions));
    }
}
