using System.Globalization;
using System.Text;
using SmartMaintenance.Cloud.Agents.DecisionAudit;
using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>
/// One line of the Decision Log page: a decision on a maintenance order or a machine incident (the decision log), or on
/// a free request (the request decision log: <c>POST /api/v1/decisions/submit</c>, the demo site's clear). The two logs
/// are separate tables with their own ids; the page lists them together, newest first, so a person reads one log.
/// </summary>
public sealed record DecisionLogEntry(long Id, DateTimeOffset DecidedAt, DecisionKind Kind, string Operator, string Reason,
    string CorrelationId, long? OrderId = null, long? IncidentId = null, string? RequestId = null)
{
    public static DecisionLogEntry Of(Decision d) =>
        new(d.Id, d.DecidedAt, d.Kind, d.Operator, d.Reason, d.CorrelationId, d.IncidentId is null ? d.OrderId : null, d.IncidentId);

    public static DecisionLogEntry Of(RequestDecision d) =>
        new(d.Id, d.DecidedAt, d.Kind, d.Operator, d.Reason, d.CorrelationId, RequestId: d.RequestId);

    /// <summary>Both logs merged, newest first (by time, then id), at most <paramref name="limit"/> lines.</summary>
    public static IReadOnlyList<DecisionLogEntry> Merge(IEnumerable<Decision> decisions, IEnumerable<RequestDecision> requests, int limit) =>
        [.. decisions.Select(d => Of(d)).Concat(requests.Select(r => Of(r))).OrderByDescending(e => e.DecidedAt).ThenByDescending(e => e.Id).Take(limit)];

    /// <summary>
    /// The page's CSV: the decision log's columns (as <c>GET /api/v1/decisions?format=csv</c>) and request_id last; a
    /// request decision has no order_id, an order decision no request_id. RFC 4180, invariant culture, times in UTC.
    /// </summary>
    public static string Csv(IEnumerable<DecisionLogEntry> entries)
    {
        var csv = new StringBuilder("id,order_id,decision,operator,reason,correlation_id,decided_at,incident_id,request_id\r\n");
        foreach (var e in entries)
        {
            var order = e.RequestId is null ? (e.OrderId ?? 0).ToString(CultureInfo.InvariantCulture) : "";
            csv.Append(CultureInfo.InvariantCulture,
                $"{e.Id},{order},{e.Kind.ToString().ToLowerInvariant()},{DecisionCsv.Quote(e.Operator)},{DecisionCsv.Quote(e.Reason)},")
                .Append(CultureInfo.InvariantCulture,
                $"{DecisionCsv.Quote(e.CorrelationId)},{e.DecidedAt:O},{e.IncidentId},{(e.RequestId is null ? "" : DecisionCsv.Quote(e.RequestId))}\r\n");
        }

        return csv.ToString();
    }
}
