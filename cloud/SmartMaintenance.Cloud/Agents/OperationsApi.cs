using Microsoft.AspNetCore.Http.HttpResults;
using SmartMaintenance.Cloud.Agents.AnomalyDetection;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.DecisionAudit;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Learning;
using SmartMaintenance.Cloud.Agents.Metrics;
using SmartMaintenance.Cloud.Agents.Notification;
using SmartMaintenance.Cloud.Agents.Reporting;
using SmartMaintenance.Cloud.Agents.Scheduling;
using SmartMaintenance.Cloud.Security;

namespace SmartMaintenance.Cloud.Agents;

/// <summary>
/// POST /api/v1/decisions (operate)            GET /api/v1/decisions[?order_id&amp;incident_id&amp;operator&amp;decision&amp;from&amp;to&amp;format=csv] (read)
/// (incidents: IncidentsApi; their acknowledge / resolve steps are in the same decision log)
/// GET  /api/v1/maintenance/orders (read)      GET /api/v1/anomalies, /api/v1/notifications (read)
/// POST /api/v1/maintenance/orders/{id}/complete (operate: in progress -> done, with the technician's finding)
/// GET  /api/v1/reports[/{id}][?format=csv] (read)   POST /api/v1/reports?from&amp;to (operate)
/// GET  /api/v1/metrics/snapshot[?format=prometheus] (read)
/// POST /api/v1/knowledge/incidents (operate)  GET /api/v1/knowledge/incidents (read)
/// GET  /api/v1/admin/dead-letters, POST /api/v1/admin/dead-letters/{id}/replay (admin)
/// </summary>
internal static class OperationsApi
{
    public static void MapOperationsApi(this IEndpointRouteBuilder routes)
    {
        var read = routes.MapGroup("/api/v1").RequireScope(ApiScopes.Read).WithTags("Agents");
        var operate = routes.MapGroup("/api/v1").RequireScope(ApiScopes.Operate).WithTags("Agents");
        var admin = routes.MapGroup("/api/v1/admin").RequireScope(ApiScopes.Admin).WithTags("Agents");
        operate.MapPost("/decisions", RecordDecisionAsync);
        read.MapGet("/decisions", ListDecisionsAsync);
        read.MapGet("/maintenance/orders", async (IMaintenanceOrderStore orders, string? device_id, int? limit, CancellationToken ct) =>
            TypedResults.Ok(await orders.ListAsync(null, null, device_id, Math.Clamp(limit ?? 100, 1, 1000), ct)));
        read.MapGet("/maintenance/orders/{id:long}", async Task<Results<Ok<MaintenanceOrder>, NotFound>> (long id, IMaintenanceOrderStore orders, CancellationToken ct) =>
            await orders.GetAsync(id, ct) is { } o ? TypedResults.Ok(o) : TypedResults.NotFound());
        operate.MapPost("/maintenance/orders/{id:long}/complete", CompleteOrderAsync);
        read.MapGet("/anomalies", async (IAnomalyStore anomalies, TimeProvider time, int? limit, CancellationToken ct) =>
            TypedResults.Ok(await anomalies.ListAsync(DateTimeOffset.UnixEpoch, time.GetUtcNow().AddDays(1), Math.Clamp(limit ?? 100, 1, 1000), ct)));
        read.MapGet("/notifications", async (INotificationStore store, int? limit, CancellationToken ct) =>
            TypedResults.Ok(await store.ListAsync(Math.Clamp(limit ?? 100, 1, 1000), ct)));
        read.MapGet("/reports", async (IReportStore reports, CancellationToken ct) => TypedResults.Ok(await reports.ListAsync(50, ct)));
        read.MapGet("/reports/{id:long}", GetReportAsync);
        operate.MapPost("/reports", GenerateReportAsync);
        read.MapGet("/metrics/snapshot", (AgentMetrics metrics, IEventTransport transport, TimeProvider time, string? format) =>
        {
            var snapshot = metrics.Snapshot(time.GetUtcNow());
            return format == "prometheus"
                ? Results.Text(snapshot.ToPrometheusText(), "text/plain; version=0.0.4")
                : Results.Ok(new { snapshot.At, snapshot.Agents, snapshot.EventsPublished, snapshot.ReadingsRejected, QueueDepths = transport.Depths });
        });
        operate.MapPost("/knowledge/incidents", ResolveIncidentAsync);
        read.MapGet("/knowledge/incidents", async (IKnowledgeBase kb, CancellationToken ct) => TypedResults.Ok(await kb.ListAsync(200, ct)));
        admin.MapGet("/dead-letters", async (IDeadLetterStore store, bool? include_replayed, CancellationToken ct) =>
            TypedResults.Ok(await store.ListAsync(include_replayed ?? false, 500, ct)));
        admin.MapPost("/dead-letters/{id:long}/replay", ReplayAsync);
    }

    private static async Task<Results<Created<Decision>, ValidationProblem>> RecordDecisionAsync(DecisionBody body, DecisionService service,
        CancellationToken ct)
    {
        if (body.OrderId is null || body.Decision is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["order_id"] = ["order_id and decision (approve, reject or defer) are required."],
            });
        }

        var (decision, errors) = await service.RecordAsync(new DecisionRequest(body.OrderId.Value, body.Decision.Value,
            body.Operator ?? "", body.Reason ?? ""), ct);
        return decision is null
            ? TypedResults.ValidationProblem(errors, title: "The decision is invalid.")
            : TypedResults.Created($"/api/v1/decisions?order_id={decision.OrderId}", decision);
    }

    /// <summary>
    /// 200 with the order as stored (status Done, its finding) and the decision log's Complete line; 400 ValidationProblem
    /// naming operator or finding; 404 for an unknown order; 409 when the order is not in progress (not started yet,
    /// or someone finished it first).
    /// </summary>
    private static async Task<IResult> CompleteOrderAsync(long id, CompletionBody? body, OrderCompletionService service,
        IMaintenanceOrderStore orders, CancellationToken ct)
    {
        var result = await service.CompleteAsync(new CompletionRequest(id, body?.Operator ?? "", body?.Finding), ct);
        return result.Outcome switch
        {
            CompletionOutcome.Completed => TypedResults.Ok(new { order = await orders.GetAsync(id, ct), decision = result.Decision }),
            CompletionOutcome.Invalid => TypedResults.ValidationProblem(result.Errors, title: "The completion is invalid."),
            CompletionOutcome.NotFound => TypedResults.Problem(statusCode: 404, title: $"Maintenance order {id} does not exist."),
            _ => TypedResults.Problem(statusCode: 409, title: $"Maintenance order {id} is not in progress.",
                detail: "Only an order in progress can be completed: start it first, or it was completed already."),
        };
    }

    /// <summary>
    /// decision is parsed here, not bound as an enum: binding is case-sensitive, so ?decision=approve (the word the CSV
    /// and the POST body use) was a 400 without a field name.
    /// </summary>
    private static async Task<IResult> ListDecisionsAsync(IDecisionStore store, long? order_id, long? incident_id, string? @operator, string? decision,
        DateTimeOffset? from, DateTimeOffset? to, string? format, CancellationToken ct)
    {
        DecisionKind? kind = null;
        if (decision is not null)
        {
            if (!Enum.TryParse<DecisionKind>(decision, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || decision.Any(char.IsDigit))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["decision"] = ["decision must be approve, reject, defer, acknowledge, resolve or complete."],
                });
            }

            kind = parsed;
        }

        var list = await store.QueryAsync(new DecisionFilter(order_id, @operator, kind, from, to, 10_000, incident_id), ct);
        return format == "csv"
            ? Results.Text(DecisionCsv.Write(list), "text/csv; charset=utf-8")
            : Results.Ok(list);
    }

    private static async Task<IResult> GetReportAsync(long id, string? format, IReportStore reports, CancellationToken ct)
    {
        if (await reports.GetAsync(id, ct) is not { } report)
        {
            return TypedResults.Problem(statusCode: 404, title: $"Report {id} does not exist.");
        }

        return format == "csv"
            ? Results.File(System.Text.Encoding.UTF8.GetBytes(ReportCsv.Write(report)), "text/csv", $"report-{id}.csv")
            : Results.Ok(report);
    }

    /// <summary>
    /// A period in which nothing happened writes no report (422, saying so) unless keep_empty=true: an empty report
    /// is noise in the list, and a client that wants the record of a quiet period asks for it.
    /// </summary>
    private static async Task<IResult> GenerateReportAsync(DateTimeOffset? from, DateTimeOffset? to, string? format,
        [Microsoft.AspNetCore.Mvc.FromQuery(Name = "keep_empty")] bool? keepEmpty, ReportService service, TimeProvider time, CancellationToken ct)
    {
        var end = to ?? time.GetUtcNow();
        var start = from ?? end.AddDays(-1);
        if (start >= end)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["from"] = ["from must be before to."] });
        }

        if (await service.GenerateAsync(start, end, $"report-request:{Guid.NewGuid():N}", "fleet", ct, keepEmpty: keepEmpty == true) is not { } report)
        {
            return TypedResults.Problem(statusCode: 422, title: "Nothing to report: no report was written.",
                detail: $"No anomaly, maintenance order, decision or prediction of the fleet between {start:O} and {end:O}. " +
                    "Add keep_empty=true to store a report of the quiet period anyway.");
        }

        return format == "csv"
            ? Results.File(System.Text.Encoding.UTF8.GetBytes(ReportCsv.Write(report)), "text/csv", $"report-{report.Id}.csv")
            : Results.Created($"/api/v1/reports/{report.Id}", report);
    }

    private static async Task<IResult> ResolveIncidentAsync(IncidentBody body, IAnomalyStore anomalies, IEventBus bus, TimeProvider time,
        CancellationToken ct)
    {
        var anomaly = body.AnomalyId is { } id ? await anomalies.GetAsync(id, ct) : null;
        if (anomaly is null || string.IsNullOrWhiteSpace(body.Cause) || string.IsNullOrWhiteSpace(body.Fix))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["anomaly_id"] = ["anomaly_id must name a stored anomaly; cause and fix are required."],
            });
        }

        var now = time.GetUtcNow();
        await bus.PublishAsync(new IncidentResolved(new EventMeta($"incident:{anomaly.Id}", anomaly.DeviceId, anomaly.CorrelationId, now),
            anomaly.SensorType, AnomalyDetectionAgent.Signature(anomaly.Evidence), body.Symptoms ?? $"{anomaly.Severity} anomaly on {anomaly.SensorId}",
            body.Cause!, body.Fix!), ct);
        return TypedResults.Accepted("/api/v1/knowledge/incidents");
    }

    private static async Task<IResult> ReplayAsync(long id, DeadLetterReplayer replayer, CancellationToken ct) =>
        await replayer.ReplayAsync(id, ct) switch
        {
            ReplayOutcome.Replayed => TypedResults.Accepted($"/api/v1/admin/dead-letters?include_replayed=true", new { id, status = "replayed" }),
            ReplayOutcome.NotFound => TypedResults.Problem(statusCode: 404, title: $"Dead letter {id} does not exist."),
            ReplayOutcome.AlreadyReplayed => TypedResults.Problem(statusCode: 409, title: $"Dead letter {id} was already replayed."),
            _ => TypedResults.Problem(statusCode: 409, title: $"Dead letter {id} names a subscription this version no longer has."),
        };
}
