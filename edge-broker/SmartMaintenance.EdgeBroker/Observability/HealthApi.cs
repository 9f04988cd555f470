using Microsoft.AspNetCore.Http.HttpResults;
using SmartMaintenance.EdgeBroker.Forwarding;
using SmartMaintenance.EdgeBroker.Mqtt;
using SmartMaintenance.EdgeBroker.Outbox;

namespace SmartMaintenance.EdgeBroker.Observability;

/// <summary>GET /health (live: the process answers) and GET /health/ready (MQTT up, outbox writable, cloud reachable).</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => TypedResults.Ok(new { status = "live" }));
        app.MapGet("/health/ready", Ready);
        return app;
    }

    private static Results<Ok<ReadyReport>, ProblemHttpResult> Ready(MqttBrokerService mqtt, DurableOutbox outbox, CloudLink cloud)
    {
        var report = new ReadyReport(
            Mqtt: mqtt.IsStarted,
            OutboxWritable: outbox.Fault is null,
            CloudReachable: cloud.Reachable,
            OutboxDepth: outbox.Pending,
            CloudLastSuccess: cloud.LastSuccess,
            CloudLastFailure: cloud.LastFailure);
        if (report is { Mqtt: true, OutboxWritable: true, CloudReachable: true })
        {
            return TypedResults.Ok(report);
        }

        return TypedResults.Problem(
            title: "Broker not ready",
            detail: $"mqtt={report.Mqtt}, outbox_writable={report.OutboxWritable}, cloud_reachable={report.CloudReachable}, outbox_depth={report.OutboxDepth}",
            statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    public sealed record ReadyReport(bool Mqtt, bool OutboxWritable, bool CloudReachable, long OutboxDepth,
        DateTimeOffset? CloudLastSuccess, DateTimeOffset? CloudLastFailure);
}
