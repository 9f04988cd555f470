using System.Globalization;
using System.Text;
using SmartMaintenance.Cloud.Agents.DecisionAudit;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Security;

namespace SmartMaintenance.Cloud.Compatibility;

/// <summary>
/// The documents' decision log: a decision on a free request_id, not tied to a maintenance order (the product's
/// POST /api/v1/decisions needs an existing order and stays so). Append-only like the order decisions.
/// </summary>
internal static class DecisionCompatibilityApi
{
    public static void MapDecisionCompatibility(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/v1/decisions/submit", SubmitAsync).RequireScope(ApiScopes.Operate).WithTags("Compatibility");
        routes.MapGet("/api/v1/decisions/requests", ListAsync).RequireScope(ApiScopes.Read).WithTags("Compatibility");
    }

    /// <summary>approve, reject or defer in any case, also as the UI's past participles (Approved, Rejected, Deferred).</summary>
    public static DecisionKind? ParseDecision(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "approve" or "approved" => DecisionKind.Approve,
        "reject" or "rejected" => DecisionKind.Reject,
        "defer" or "deferred" => DecisionKind.Defer,
        _ => null,
    };

    private static async Task<IResult> SubmitAsync(SubmitDecisionBody body, RequestDecisionService service, CancellationToken ct)
    {
        if (ParseDecision(body.Decision) is not { } kind)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["decision"] = ["decision is required: approve, reject or defer (Approved, Rejected, Deferred also accepted)."],
            }, title: "The decision is invalid.");
        }

        var reason = body.Justification ?? body.Reason ?? body.Notes ?? "";
        var (decision, errors) = await service.RecordAsync(
            new RequestDecisionRequest(body.RequestId ?? "", kind, body.Operator ?? body.OperatorId ?? "", reason), ct);
        if (decision is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The decision is invalid.");
        }

        return TypedResults.Created($"/api/v1/decisions/requests?request_id={Uri.EscapeDataString(decision.RequestId)}", new
        {
            status = "success",
            event_id = $"request-decision:{decision.Id}",
            decision_id = decision.Id,
            request_id = decision.RequestId,
            decision = Word(decision.Kind),
            @operator = decision.Operator,
            justification = decision.Reason,
            correlation_id = decision.CorrelationId,
            decided_at = decision.DecidedAt,
        });
    }

    private static async Task<IResult> ListAsync(IRequestDecisionStore store, string? request_id, string? @operator, int? limit, string? format,
        CancellationToken ct)
    {
        var list = await store.QueryAsync(new RequestDecisionFilter(request_id, @operator, Math.Clamp(limit ?? 500, 1, 10_000)), ct);
        if (format == "csv")
        {
            var csv = new StringBuilder("id,request_id,decision,operator,justification,correlation_id,decided_at\r\n");
            foreach (var d in list)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{d.Id},{DecisionCsv.Quote(d.RequestId)},{Word(d.Kind)},{DecisionCsv.Quote(d.Operator)},"
                    + $"{DecisionCsv.Quote(d.Reason)},{DecisionCsv.Quote(d.CorrelationId)},{d.DecidedAt:O}\r\n");
            }

            return Results.Text(csv.ToString(), "text/csv; charset=utf-8");
        }

        return TypedResults.Ok(list.Select(d => new
        {
            id = d.Id,
            request_id = d.RequestId,
            decision = Word(d.Kind),
            @operator = d.Operator,
            justification = d.Reason,
            correlation_id = d.CorrelationId,
            decided_at = d.DecidedAt,
        }));
    }

    private static string Word(DecisionKind kind) => kind.ToString().ToLowerInvariant();
}
