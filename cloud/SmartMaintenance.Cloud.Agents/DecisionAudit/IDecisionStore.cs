using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.DecisionAudit;

public sealed record Decision(long Id, long OrderId, DecisionKind Kind, string Operator, string Reason, string CorrelationId,
    DateTimeOffset DecidedAt);

public sealed record DecisionFilter(long? OrderId = null, string? Operator = null, DecisionKind? Kind = null,
    DateTimeOffset? From = null, DateTimeOffset? To = null, int Limit = 500);

/// <summary>
/// The decision log. Append-only by design: there is no update or delete here, and the table refuses both
/// (SQLite and PostgreSQL triggers, migration 3).
/// </summary>
public interface IDecisionStore
{
    Task<Decision> AppendAsync(Decision decision, CancellationToken cancellationToken);

    Task<IReadOnlyList<Decision>> QueryAsync(DecisionFilter filter, CancellationToken cancellationToken);
}
