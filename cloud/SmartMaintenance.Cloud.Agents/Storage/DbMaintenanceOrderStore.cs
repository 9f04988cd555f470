using System.Data.Common;
using System.Text;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Scheduling;

namespace SmartMaintenance.Cloud.Agents.Storage;

internal sealed class DbMaintenanceOrderStore(AgentDatabase database) : IMaintenanceOrderStore
{
    private const string Columns = "id, source_event_id, correlation_id, device_id, sensor_id, status, priority, risk, technician, " +
        "start_ms, end_ms, predicted_failure_ms, note, created_at_ms, incident_id, finding";

    public async Task<(MaintenanceOrder Order, bool Created)> AddAsync(MaintenanceOrder o, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var insert = connection.Command($"""
            INSERT INTO agent_maintenance_orders (source_event_id, correlation_id, device_id, sensor_id, status, priority, risk,
                technician, start_ms, end_ms, predicted_failure_ms, note, created_at_ms, incident_id)
            VALUES (@e, @c, @d, @s, @st, @p, @r, @t, @sm, @em, @pf, @n, @ca, @i)
            ON CONFLICT (source_event_id) DO NOTHING RETURNING id
            """).With("@e", o.SourceEventId).With("@c", o.CorrelationId).With("@d", o.DeviceId).With("@s", o.SensorId)
            .With("@st", o.Status).With("@p", o.Priority).With("@r", o.Risk).With("@t", o.Technician).With("@sm", o.Start)
            .With("@em", o.End).With("@pf", o.PredictedFailureAt).With("@n", o.Note).With("@ca", o.CreatedAt).With("@i", o.IncidentId);
        var id = await insert.ExecuteScalarAsync(cancellationToken);
        if (id is not null and not DBNull)
        {
            return (o with { Id = Convert.ToInt64(id) }, true);
        }

        await using var existing = connection.Command($"SELECT {Columns} FROM agent_maintenance_orders WHERE source_event_id = @e")
            .With("@e", o.SourceEventId);
        return ((await existing.ReadAllAsync(Map, cancellationToken))[0], false);
    }

    public async Task<MaintenanceOrder?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command($"SELECT {Columns} FROM agent_maintenance_orders WHERE id = @id").With("@id", id);
        return (await command.ReadAllAsync(Map, cancellationToken)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<MaintenanceOrder>> ListAsync(DateTimeOffset? from, DateTimeOffset? to, string? deviceId, int limit,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var sql = new StringBuilder($"SELECT {Columns} FROM agent_maintenance_orders WHERE 1 = 1");
        var command = connection.Command("");
        if (from is not null) { sql.Append(" AND created_at_ms >= @f"); command.With("@f", from); }
        if (to is not null) { sql.Append(" AND created_at_ms < @t"); command.With("@t", to); }
        if (deviceId is not null) { sql.Append(" AND device_id = @d"); command.With("@d", deviceId); }
        sql.Append(" ORDER BY id DESC LIMIT @l");
        command.With("@l", limit);
        command.CommandText = sql.ToString();
        await using (command)
        {
            return await command.ReadAllAsync(Map, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<BusyInterval>> BusyAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            SELECT technician, start_ms, end_ms, id, priority, status, predicted_failure_ms FROM agent_maintenance_orders
            WHERE status IN ('Scheduled', 'Approved', 'InProgress') AND start_ms < @t AND end_ms > @f
            """).With("@f", from).With("@t", to);
        return await command.ReadAllAsync(r => new BusyInterval(r.GetString(0), r.Time(1), r.Time(2), r.GetInt64(3), r.GetString(4),
            r.GetString(5) == nameof(MaintenanceStatus.Scheduled), r.NullableTime(6)), cancellationToken);
    }

    public async Task<IReadOnlyList<MaintenanceOrder>> UpcomingAsync(DateTimeOffset from, string? deviceId, int limit,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command($"""
            SELECT {Columns} FROM agent_maintenance_orders
            WHERE status IN ('Scheduled', 'Approved', 'InProgress') AND end_ms > @f {(deviceId is null ? "" : "AND device_id = @d")}
            ORDER BY start_ms, id LIMIT @l
            """).With("@f", from).With("@l", limit);
        if (deviceId is not null)
        {
            command.With("@d", deviceId);
        }

        return await command.ReadAllAsync(Map, cancellationToken);
    }

    public async Task<bool> UpdateStatusAsync(long id, MaintenanceStatus from, MaintenanceStatus to, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("UPDATE agent_maintenance_orders SET status = @to WHERE id = @id AND status = @from")
            .With("@to", to).With("@id", id).With("@from", from);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> CompleteAsync(long id, string? finding, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("UPDATE agent_maintenance_orders SET status = @to, finding = @f WHERE id = @id AND status = @from")
            .With("@to", MaintenanceStatus.Done).With("@f", finding).With("@id", id).With("@from", MaintenanceStatus.InProgress);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task RescheduleAsync(long id, SlotDecision slot, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            UPDATE agent_maintenance_orders SET status = @st, technician = @t, start_ms = @sm, end_ms = @em, note = @n WHERE id = @id
            """).With("@st", slot.Scheduled ? MaintenanceStatus.Scheduled : MaintenanceStatus.Unscheduled).With("@t", slot.Technician)
            .With("@sm", slot.Start).With("@em", slot.End).With("@n", slot.Note).With("@id", id);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> RecentExistsAsync(string deviceId, string? sensorId, DateTimeOffset since, string exceptSourceEventId,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command($"""
            SELECT COUNT(*) FROM agent_maintenance_orders
            WHERE device_id = @d {(sensorId is null ? "" : "AND sensor_id = @s")} AND created_at_ms >= @since AND source_event_id <> @e
            """).With("@d", deviceId).With("@since", since).With("@e", exceptSourceEventId);
        if (sensorId is not null)
        {
            command.With("@s", sensorId);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken)) > 0;
    }

    public async Task<bool> ExistsForIncidentAsync(long incidentId, string exceptSourceEventId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "SELECT COUNT(*) FROM agent_maintenance_orders WHERE incident_id = @i AND source_event_id <> @e")
            .With("@i", incidentId).With("@e", exceptSourceEventId);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken)) > 0;
    }

    private static MaintenanceOrder Map(DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), Enum.Parse<MaintenanceStatus>(r.GetString(5)),
        r.GetString(6), r.GetDouble(7), r.NullableString(8), r.NullableTime(9), r.NullableTime(10), r.NullableTime(11),
        r.GetString(12), r.Time(13), r.IsDBNull(14) ? null : r.GetInt64(14), r.NullableString(15));
}
