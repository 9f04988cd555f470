using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.DecisionAudit;

/// <summary>
/// A human decision on a request that is not (or not yet) a maintenance order: the planning documents' decision log,
/// keyed by a free request id the caller chooses. Kept apart from <see cref="Decision"/>, which always names an order.
/// </summary>
public sealed record RequestDecision(long Id, string RequestId, DecisionKind Kind, string Operator, string Reason, string CorrelationId,
    DateTimeOffset DecidedAt);

/// <summary>Which request decisions to read: oldest first by default (the API's order), or the newest <see cref="Limit"/> first.</summary>
public sealed record RequestDecisionFilter(string? RequestId = null, string? Operator = null, int Limit = 500, DecisionKind? Kind = null,
    bool NewestFirst = false);

/// <summary>
/// The log of decisions without an order. Append-only like <see cref="IDecisionStore"/>: no update or delete here,
/// and the table refuses both (SQLite and PostgreSQL triggers, agent migration 5).
/// </summary>
public interface IRequestDecisionStore
{
    Task<RequestDecision> AppendAsync(RequestDecision decision, CancellationToken cancellationToken);

    Task<IReadOnlyList<RequestDecision>> QueryAsync(RequestDecisionFilter filter, CancellationToken cancellationToken);
}
