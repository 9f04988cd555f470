using System.Text;
using SmartMaintenance.Cloud.Agents.DecisionAudit;
using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Storage;

internal sealed class DbDecisionStore(AgentDatabase database) : IDecisionStore
{
    public async Task<Decision> AppendAsync(Decision d, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            INSERT INTO agent_decisions (order_id, decision, operator, reason, correlation_id, decided_at_ms, incident_id)
            VALUES (@o, @d, @op, @r, @c, @at, @i) RETURNING id
            """).With("@o", d.OrderId).With("@d", d.Kind).With("@op", d.Operator).With("@r", d.Reason)
            .With("@c", d.CorrelationId).With("@at", d.DecidedAt).With("@i", d.IncidentId);
        return d with { Id = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken)) };
    }

    public async Task<IReadOnlyList<Decision>> QueryAsync(DecisionFilter f, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var sql = new StringBuilder("SELECT id, order_id, decision, operator, reason, correlation_id, decided_at_ms, incident_id FROM agent_decisions WHERE 1 = 1");
        await using var command = connection.Command("");
        if (f.OrderId is not null) { sql.Append(" AND order_id = @o"); command.With("@o", f.OrderId); }
        if (f.IncidentId is not null) { sql.Append(" AND incident_id = @i"); command.With("@i", f.IncidentId); }
        if (f.Operator is not null) { sql.Append(" AND operator = @op"); command.With("@op", f.Operator); }
        if (f.Kind is not null) { sql.Append(" AND decision = @d"); command.With("@d", f.Kind); }
        if (f.From is not null) { sql.Append(" AND decided_at_ms >= @f"); command.With("@f", f.From); }
        if (f.To is not null) { sql.Append(" AND decided_at_ms < @t"); command.With("@t", f.To); }
        sql.Append(f.NewestFirst ? " ORDER BY id DESC LIMIT @l" : " ORDER BY id LIMIT @l");
        command.With("@l", f.Limit);
        command.CommandText = sql.ToString();
        return await command.ReadAllAsync(r => new Decision(r.GetInt64(0), r.GetInt64(1), Enum.Parse<DecisionKind>(r.GetString(2)),
            r.GetString(3), r.GetString(4), r.GetString(5), r.Time(6), r.IsDBNull(7) ? null : r.GetInt64(7)), cancellationToken);
    }
}
