using Microsoft.AspNetCore.Http.HttpResults;
using SmartMaintenance.EdgeBroker.Forwarding;
using SmartMaintenance.EdgeBroker.Mqtt;
using SmartMaintenance.EdgeBroker.Outbox;

namespace SmartMaintenance.EdgeBroker.Observability;

/// <summary>
/// GET /health (live: the process answers) and GET /health/ready (MQTT up, outbox writable, the cloud's latest
/// answer a success). Not ready says which: the cloud unreachable (no HTTP answer) or answering errors (with the
/// status), and how many readings wait in the outbox.
/// </summary>
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
        var state = cloud.Healthy ? CloudStates.Ok : cloud.Reachable ? CloudStates.AnsweringErrors : CloudStates.Unreachable;
        var report = new ReadyReport(
            Mqtt: mqtt.IsStarted,
            OutboxWritable: outbox.Fault is null,
            CloudReachable: cloud.Reachable,
            Cloud: state,
            CloudLastErrorStatus: cloud.Healthy ? null : cloud.LastFailureStatus,
            OutboxDepth: outbox.Pending,
            CloudLastSuccess: cloud.LastSuccess,
            CloudLastFailure: cloud.LastFailure);
        if (report is { Mqtt: true, OutboxWritable: true, Cloud: CloudStates.Ok })
        {
            return TypedResults.Ok(report);
        }

        var cloudText = state == CloudStates.AnsweringErrors ? $"answering errors (HTTP {report.CloudLastErrorStatus})" : state;
        return TypedResults.Problem(
            title: "Broker not ready",
            detail: $"mqtt={report.Mqtt}, outbox_writable={report.OutboxWritable}, cloud={cloudText}, outbox_depth={report.OutboxDepth}",
            statusCode: StatusCodes.Status503ServiceUnavailable,
            extensions: new Dictionary<string, object?>
            {
                ["cloud"] = state,
                ["cloudLastErrorStatus"] = report.CloudLastErrorStatus,
                ["outboxDepth"] = report.OutboxDepth,
            });
    }

    /// <summary>Values of <see cref="ReadyReport.Cloud"/>.</summary>
    public static class CloudStates
    {
        public const string Ok = "ok";
        /// <summary>The latest call got no HTTP answer (connection refused or reset, timeout).</summary>
        public const string Unreachable = "unreachable";
        /// <summary>The latest call got an HTTP error status (in <see cref="ReadyReport.CloudLastErrorStatus"/>).</summary>
        public const string AnsweringErrors = "answering_errors";
    }

    public sealed record ReadyReport(bool Mqtt, bool OutboxWritable, bool CloudReachable, string Cloud, int? CloudLastErrorStatus,
        long OutboxDepth, DateTimeOffset? CloudLastSuccess, DateTimeOffset? CloudLastFailure);
}
