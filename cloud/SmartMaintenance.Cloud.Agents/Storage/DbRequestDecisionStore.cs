using System.Text;
using SmartMaintenance.Cloud.Agents.DecisionAudit;
using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Storage;

internal sealed class DbRequestDecisionStore(AgentDatabase database) : IRequestDecisionStore
{
    public async Task<RequestDecision> AppendAsync(RequestDecision d, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            INSERT INTO agent_request_decisions (request_id, decision, operator, reason, correlation_id, decided_at_ms)
            VALUES (@q, @d, @op, @r, @c, @at) RETURNING id
            """).With("@q", d.RequestId).With("@d", d.Kind).With("@op", d.Operator).With("@r", d.Reason)
            .With("@c", d.CorrelationId).With("@at", d.DecidedAt);
        return d with { Id = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken)) };
    }

    public async Task<IReadOnlyList<RequestDecision>> QueryAsync(RequestDecisionFilter f, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var sql = new StringBuilder(
            "SELECT id, request_id, decision, operator, reason, correlation_id, decided_at_ms FROM agent_request_decisions WHERE 1 = 1");
        await using var command = connection.Command("");
        if (f.RequestId is not null) { sql.Append(" AND request_id = @q"); command.With("@q", f.RequestId); }
        if (f.Operator is not null) { sql.Append(" AND operator = @op"); command.With("@op", f.Operator); }
        if (f.Kind is not null) { sql.Append(" AND decision = @d"); command.With("@d", f.Kind); }
        sql.Append(f.NewestFirst ? " ORDER BY id DESC LIMIT @l" : " ORDER BY id LIMIT @l");
        command.With("@l", f.Limit);
        command.CommandText = sql.ToString();
        return await command.ReadAllAsync(r => new RequestDecision(r.GetInt64(0), r.GetString(1), Enum.Parse<DecisionKind>(r.GetString(2)),
            r.GetString(3), r.GetString(4), r.GetString(5), r.Time(6)), cancellationToken);
    }
}
