using System.Data.Common;
using System.Text.Json;
using SmartMaintenance.Cloud.Agents.AnomalyDetection;
using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Storage;

internal sealed class DbAnomalyStore(AgentDatabase database) : IAnomalyStore
{
    private const string Columns =
        "id, event_id, correlation_id, device_id, sensor_id, sensor_type, value, score, severity, evidence, reading_at_ms, detected_at_ms";

    public async Task AddAsync(AnomalyDetected a, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            INSERT INTO agent_anomalies (event_id, correlation_id, device_id, sensor_id, sensor_type, value, score, severity, evidence, reading_at_ms, detected_at_ms)
            VALUES (@e, @c, @d, @s, @t, @v, @sc, @sev, @ev, @ra, @da) ON CONFLICT (event_id) DO NOTHING
            """).With("@e", a.EventId).With("@c", a.CorrelationId).With("@d", a.DeviceId).With("@s", a.Reading.SensorId)
            .With("@t", a.Reading.SensorType).With("@v", a.Reading.Value).With("@sc", a.Score).With("@sev", a.Severity)
            .With("@ev", JsonSerializer.Serialize(a.Evidence)).With("@ra", a.Reading.Timestamp).With("@da", a.Meta.OccurredAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<StoredAnomaly>> ListAsync(DateTimeOffset from, DateTimeOffset to, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            $"SELECT {Columns} FROM agent_anomalies WHERE detected_at_ms >= @f AND detected_at_ms < @t ORDER BY id DESC LIMIT @l")
            .With("@f", from).With("@t", to).With("@l", limit);
        return await command.ReadAllAsync(Map, cancellationToken);
    }

    public async Task<StoredAnomaly?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command($"SELECT {Columns} FROM agent_anomalies WHERE id = @id").With("@id", id);
        return (await command.ReadAllAsync(Map, cancellationToken)).FirstOrDefault();
    }

    private static StoredAnomaly Map(DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetDouble(6),
        r.GetDouble(7), Enum.Parse<AnomalySeverity>(r.GetString(8)),
        JsonSerializer.Deserialize<List<DetectorEvidence>>(r.GetString(9)) ?? [], r.Time(10), r.Time(11));
}
