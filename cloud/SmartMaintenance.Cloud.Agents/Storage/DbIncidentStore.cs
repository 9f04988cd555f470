using System.Data.Common;
using System.Text;
using System.Text.Json;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Incidents;

namespace SmartMaintenance.Cloud.Agents.Storage;

/// <summary>
/// Machine incidents on both engines. The agent writes a machine's observations one at a time (its bus partition);
/// people's steps are conditional updates (WHERE state IN the allowed states), so a step racing another step or the
/// agent either applies or reports the conflict, never overwrites it.
/// </summary>
internal sealed class DbIncidentStore(AgentDatabase database) : IIncidentStore
{
    private const string Columns = """
        id, machine_id, device_id, correlation_id, state, severity, p_value, evidence, first_abnormal_ms, last_abnormal_ms,
        recovered_at_ms, readings_in_alert, episodes, acknowledged_at_ms, acknowledged_by, resolved_at_ms, resolved_by,
        resolution, resolution_note, created_at_ms
        """;

    private const string Unresolved = "state <> 'Resolved'";

    public async Task<IncidentChangeResult?> RecordAbnormalAsync(AbnormalObservation o, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var current = await UnresolvedOfAsync(connection, transaction, o.MachineId, cancellationToken);
        IncidentChangeResult? result;
        if (current is null)
        {
            if (!o.Opening)
            {
                // A person resolved it between two observations; the agent resets the machine's rule before its next one.
                await transaction.CommitAsync(cancellationToken);
                return null;
            }

            await using (var insert = connection.Command("""
                INSERT INTO agent_machine_incidents (open_event_id, machine_id, device_id, correlation_id, state, severity, severity_rank,
                    p_value, evidence, first_abnormal_ms, last_abnormal_ms, readings_in_alert, episodes, created_at_ms, last_event_id)
                VALUES (@e, @m, @d, @c, 'Open', @s, @sr, @p, @ev, @at, @at, @n, 1, @now, @e) ON CONFLICT (open_event_id) DO NOTHING
                """, transaction).With("@e", o.EventId).With("@m", o.MachineId).With("@d", o.DeviceId).With("@c", o.CorrelationId)
                .With("@s", o.Severity).With("@sr", (int)o.Severity).With("@p", o.PValue).With("@ev", JsonSerializer.Serialize(o.Evidence))
                .With("@at", o.At).With("@n", o.Readings).With("@now", o.Now))
            {
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            var created = await UnresolvedOfAsync(connection, transaction, o.MachineId, cancellationToken)
                ?? throw new InvalidOperationException($"incident of {o.MachineId} not found after insert");
            result = new IncidentChangeResult(created, Created: true, Escalated: false);
        }
        else if (await AppliedAsync(connection, transaction, current.Id, o.EventId, cancellationToken) is { } repeat)
        {
            // This observation was applied already (its event redelivered after a crash, perhaps to another instance):
            // counted once, and the caller is told what it did the first time, so it re-publishes the same derived event.
            result = new IncidentChangeResult(current, repeat.Opened, repeat.Escalated);
        }
        else
        {
            var stronger = o.PValue < current.PValue;
            var escalated = o.Severity > current.Severity;
            await using (var update = connection.Command($"""
                UPDATE agent_machine_incidents SET last_abnormal_ms = CASE WHEN @ab = 0 OR last_abnormal_ms > @at THEN last_abnormal_ms ELSE @at END,
                    readings_in_alert = readings_in_alert + @n, recovered_at_ms = NULL, episodes = episodes + @ep, last_event_id = @e
                    {(escalated ? ", severity = @s, severity_rank = @sr, escalated_event_id = @e" : "")}
                    {(stronger ? ", p_value = @p, evidence = @ev" : "")}
                WHERE id = @id AND {Unresolved}
                """, transaction).With("@at", o.At).With("@ab", o.Abnormal ? 1 : 0).With("@n", o.Readings).With("@ep", o.Opening ? 1 : 0).With("@id", current.Id)
                .With("@e", o.EventId)
                .With("@s", o.Severity).With("@sr", (int)o.Severity).With("@p", o.PValue).With("@ev", JsonSerializer.Serialize(o.Evidence)))
            {
                await update.ExecuteNonQueryAsync(cancellationToken);
            }

            result = new IncidentChangeResult((await GetAsync(connection, transaction, current.Id, cancellationToken))!, false, escalated);
        }

        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    public async Task MarkRecoveredAsync(string machineId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            $"UPDATE agent_machine_incidents SET recovered_at_ms = @at WHERE machine_id = @m AND {Unresolved} AND recovered_at_ms IS NULL")
            .With("@at", at).With("@m", machineId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<MachineIncident?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await GetAsync(connection, null, id, cancellationToken);
    }

    public async Task<IncidentPage> ListAsync(IncidentFilter f, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("");
        var sql = new StringBuilder($"SELECT {Columns} FROM agent_machine_incidents WHERE 1 = 1");
        if (f.MachineId is not null) { sql.Append(" AND (machine_id = @m OR device_id = @m)"); command.With("@m", f.MachineId); }
        if (f.State is not null) { sql.Append(" AND state = @st"); command.With("@st", f.State); }
        if (f.UnresolvedOnly) { sql.Append(" AND ").Append(Unresolved); }
        if (f.MinSeverity is not null) { sql.Append(" AND severity_rank >= @sr"); command.With("@sr", (int)f.MinSeverity); }
        // An incident overlaps [From, To) when it was abnormal at some time inside it.
        if (f.From is not null) { sql.Append(" AND last_abnormal_ms >= @f"); command.With("@f", f.From); }
        if (f.To is not null) { sql.Append(" AND first_abnormal_ms < @t"); command.With("@t", f.To); }
        if (f.BeforeId is not null) { sql.Append(" AND id < @b"); command.With("@b", f.BeforeId); }
        // One row more than asked says whether a next page exists without a second query.
        sql.Append(" ORDER BY id DESC LIMIT @l");
        command.With("@l", f.Limit + 1);
        command.CommandText = sql.ToString();
        var rows = await command.ReadAllAsync(Map, cancellationToken);
        return rows.Count > f.Limit
            ? new IncidentPage(rows.Take(f.Limit).ToList(), rows[f.Limit - 1].Id)
            : new IncidentPage(rows, null);
    }

    public async Task<long> CountUnresolvedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command($"SELECT COUNT(*) FROM agent_machine_incidents WHERE {Unresolved}");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
    }

    public Task<TransitionResult> AcknowledgeAsync(long id, string @operator, string? note, DateTimeOffset at, CancellationToken cancellationToken) =>
        TransitionAsync(id, DecisionKind.Acknowledge, [IncidentState.Open], "state = 'Acknowledged', acknowledged_at_ms = @at, acknowledged_by = @op",
            @operator, string.IsNullOrWhiteSpace(note) ? IncidentDecisionText.Acknowledged : note.Trim(), at, c => c, cancellationToken);

    public Task<TransitionResult> ResolveAsync(long id, string @operator, ResolutionReason reason, string? note, DateTimeOffset at,
        CancellationToken cancellationToken) =>
        TransitionAsync(id, DecisionKind.Resolve, [IncidentState.Open, IncidentState.Acknowledged],
            "state = 'Resolved', resolved_at_ms = @at, resolved_by = @op, resolution = @r, resolution_note = @note",
            @operator, IncidentDecisionText.Reason(reason, note), at,
            c => c.With("@r", reason).With("@note", string.IsNullOrWhiteSpace(note) ? null : note.Trim()), cancellationToken);

    private async Task<TransitionResult> TransitionAsync(long id, DecisionKind kind, IncidentState[] from, string set, string @operator,
        string reason, DateTimeOffset at, Func<DbCommand, DbCommand> extra, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var states = string.Join(", ", from.Select(s => $"'{s}'"));
        await using var update = extra(connection.Command($"UPDATE agent_machine_incidents SET {set} WHERE id = @id AND state IN ({states})",
            transaction).With("@id", id).With("@at", at).With("@op", @operator));
        var changed = await update.ExecuteNonQueryAsync(cancellationToken);
        var incident = await GetAsync(connection, transaction, id, cancellationToken);
        if (changed == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new TransitionResult(incident is null ? TransitionOutcome.NotFound : TransitionOutcome.Conflict, incident);
        }

        await using var log = connection.Command("""
            INSERT INTO agent_decisions (order_id, decision, operator, reason, correlation_id, decided_at_ms, incident_id)
            VALUES (0, @d, @op, @r, @c, @at, @i) RETURNING id
            """, transaction).With("@d", kind).With("@op", @operator).With("@r", reason).With("@c", incident!.CorrelationId)
            .With("@at", at).With("@i", id);
        var decisionId = Convert.ToInt64(await log.ExecuteScalarAsync(cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return new TransitionResult(TransitionOutcome.Done, incident, decisionId);
    }

    /// <summary>Whether the observation with this event id was the last one applied to the incident, and what it did.</summary>
    private static async Task<(bool Opened, bool Escalated)?> AppliedAsync(DbConnection connection, DbTransaction transaction, long id,
        string eventId, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(
            "SELECT open_event_id, escalated_event_id FROM agent_machine_incidents WHERE id = @id AND last_event_id = @e", transaction)
            .With("@id", id).With("@e", eventId);
        var rows = await command.ReadAllAsync(r => (Opened: r.GetString(0) == eventId, Escalated: r.NullableString(1) == eventId), cancellationToken);
        return rows.Count == 0 ? null : rows[0];
    }

    private static async Task<MachineIncident?> UnresolvedOfAsync(DbConnection connection, DbTransaction transaction, string machineId,
        CancellationToken cancellationToken)
    {
        await using var command = connection.Command(
            $"SELECT {Columns} FROM agent_machine_incidents WHERE machine_id = @m AND {Unresolved} ORDER BY id DESC LIMIT 1", transaction)
            .With("@m", machineId);
        return (await command.ReadAllAsync(Map, cancellationToken)).FirstOrDefault();
    }

    private static async Task<MachineIncident?> GetAsync(DbConnection connection, DbTransaction? transaction, long id,
        CancellationToken cancellationToken)
    {
        await using var command = connection.Command($"SELECT {Columns} FROM agent_machine_incidents WHERE id = @id", transaction).With("@id", id);
        return (await command.ReadAllAsync(Map, cancellationToken)).FirstOrDefault();
    }

    private static MachineIncident Map(DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), Enum.Parse<IncidentState>(r.GetString(4)),
        Enum.Parse<AnomalySeverity>(r.GetString(5)), r.GetDouble(6), JsonSerializer.Deserialize<List<SensorEvidence>>(r.GetString(7)) ?? [],
        r.Time(8), r.Time(9), r.NullableTime(10), r.GetInt64(11), Convert.ToInt32(r.GetValue(12)), r.NullableTime(13), r.NullableString(14),
        r.NullableTime(15), r.NullableString(16), r.IsDBNull(17) ? null : Enum.Parse<ResolutionReason>(r.GetString(17)),
        r.NullableString(18), r.Time(19));
}
