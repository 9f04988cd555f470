using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Prediction;

namespace SmartMaintenance.Cloud.Agents.Storage;

internal sealed class DbPredictionStore(AgentDatabase database) : IPredictionStore
{
    public async Task AddAsync(FailurePredicted p, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            INSERT INTO agent_predictions (event_id, correlation_id, device_id, sensor_id, risk, probability, mode, model_version,
                predicted_failure_ms, basis, created_at_ms)
            VALUES (@e, @c, @d, @s, @r, @p, @m, @v, @pf, @b, @ca) ON CONFLICT (event_id) DO NOTHING
            """).With("@e", p.EventId).With("@c", p.CorrelationId).With("@d", p.DeviceId).With("@s", p.SensorId)
            .With("@r", p.Risk).With("@p", p.FailureProbability).With("@m", p.FailureMode).With("@v", p.ModelVersion)
            .With("@pf", p.PredictedFailureAt).With("@b", p.Basis).With("@ca", p.Meta.OccurredAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<PredictionStats> StatsAsync(DateTimeOffset from, DateTimeOffset to, Func<string, string, bool> include,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "SELECT risk, model_version, device_id, correlation_id FROM agent_predictions WHERE created_at_ms >= @f AND created_at_ms < @t")
            .With("@f", from).With("@t", to);
        var all = await command.ReadAllAsync(r => (Risk: r.GetDouble(0), Version: r.NullableString(1), Device: r.GetString(2), Correlation: r.GetString(3)),
            cancellationToken);
        var rows = all.Where(r => include(r.Device, r.Correlation)).ToList();
        return new PredictionStats(rows.Count, rows.Count(r => r.Version is not null), rows.Count == 0 ? 0 : rows.Average(r => r.Risk),
            rows.Where(r => r.Version is not null).Select(r => r.Version!).Distinct().Order().ToList());
    }
}
