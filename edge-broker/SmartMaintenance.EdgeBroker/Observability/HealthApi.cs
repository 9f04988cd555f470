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

    private static Results<Ok<ReadyReport>, ProblemHttpResult> Ready(MqttBrokerService mqtt, DurableOutbox outbox, CloudLink cloud,
        CloudEndpoints endpoints, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var clouds = endpoints.All.Select(e => new CloudEndpointReport(e.Display, e.State, e.State == CloudStates.AnsweringErrors ? e.LastFailureStatus : null,
            e.IsBackingOff(now) ? e.BackoffUntil : null, e.LastSuccess, e.LastFailure)).ToList();
        // Several cloud instances: ready while one of them takes calls (the forwarder skips the others).
        var state = clouds.Count > 1 ? Overall(clouds)
            : cloud.Healthy ? CloudStates.Ok : cloud.Reachable ? CloudStates.AnsweringErrors : CloudStates.Unreachable;
        var report = new ReadyReport(
            Mqtt: mqtt.IsStarted,
            OutboxWritable: outbox.Fault is null,
            CloudReachable: state != CloudStates.Unreachable,
            Cloud: state,
            CloudLastErrorStatus: state == CloudStates.Ok ? null : cloud.LastFailureStatus,
            OutboxDepth: outbox.Pending,
            CloudLastSuccess: cloud.LastSuccess,
            CloudLastFailure: cloud.LastFailure,
            Clouds: clouds);
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
                ["clouds"] = clouds,
            });
    }

    private static string Overall(List<CloudEndpointReport> clouds) =>
        clouds.Exists(c => c.State == CloudStates.Ok) ? CloudStates.Ok
        : clouds.Exists(c => c.State == CloudStates.AnsweringErrors) ? CloudStates.AnsweringErrors
        : CloudStates.Unreachable;

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
        long OutboxDepth, DateTimeOffset? CloudLastSuccess, DateTimeOffset? CloudLastFailure, IReadOnlyList<CloudEndpointReport> Clouds);

    /// <summary>
    /// One cloud instance as the batch forwarder last saw it (Broker:Cloud:BaseUrl/BaseUrls): state ok, answering_errors,
    /// unreachable or unknown (no batch sent to it yet), and until when it is skipped after a failure.
    /// </summary>
    public sealed record CloudEndpointReport(string Url, string State, int? LastErrorStatus, DateTimeOffset? SkippedUntil,
        DateTimeOffset? LastSuccess, DateTimeOffset? LastFailure);
}
