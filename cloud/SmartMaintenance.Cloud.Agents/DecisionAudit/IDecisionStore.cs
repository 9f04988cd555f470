using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.DecisionAudit;

/// <summary>
/// One entry of the decision log: on a maintenance order (OrderId, IncidentId null) or on a machine incident
/// (Acknowledge / Resolve: IncidentId set, OrderId 0).
/// </summary>
public sealed record Decision(long Id, long OrderId, DecisionKind Kind, string Operator, string Reason, string CorrelationId,
    DateTimeOffset DecidedAt, long? IncidentId = null)
{
    /// <summary>The kinds that decide an order (the others work incidents).</summary>
    public static bool IsOrderDecision(DecisionKind kind) => kind is DecisionKind.Approve or DecisionKind.Reject or DecisionKind.Defer;
}

/// <summary>Which decisions to read: oldest first by default (the API's order), or the newest <see cref="Limit"/> first.</summary>
public sealed record DecisionFilter(long? OrderId = null, string? Operator = null, DecisionKind? Kind = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null, int Limit = 500, long? IncidentId = null, bool NewestFirst = false);

/// <summary>
/// The decision log. Append-only by design: there is no update or delete here, and the table refuses both
/// (SQLite and PostgreSQL triggers, migration 3).
/// </summary>
public interface IDecisionStore
{
    Task<Decision> AppendAsync(Decision decision, CancellationToken cancellationToken);

    Task<IReadOnlyList<Decision>> QueryAsync(DecisionFilter filter, CancellationToken cancellationToken);
}
