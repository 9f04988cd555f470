using System.Text.Json;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.Reporting;

namespace SmartMaintenance.Cloud.Agents.Storage;

internal sealed class DbReportStore(AgentDatabase database) : IReportStore
{
    public async Task<long> AddAsync(FleetReport report, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            INSERT INTO agent_reports (correlation_id, from_ms, to_ms, created_at_ms, body) VALUES (@c, @f, @t, @at, @b) RETURNING id
            """).With("@c", report.CorrelationId).With("@f", report.From).With("@t", report.To).With("@at", report.GeneratedAt)
            .With("@b", JsonSerializer.Serialize(report, EventSerializer.Options));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
    }

    public async Task<FleetReport?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT id, body FROM agent_reports WHERE id = @id").With("@id", id);
        return (await command.ReadAllAsync(Map, cancellationToken)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<FleetReport>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("SELECT id, body FROM agent_reports ORDER BY id DESC LIMIT @l").With("@l", limit);
        return await command.ReadAllAsync(Map, cancellationToken);
    }

    private static FleetReport Map(System.Data.Common.DbDataReader r) =>
        JsonSerializer.Deserialize<FleetReport>(r.GetString(1), EventSerializer.Options)! with { Id = r.GetInt64(0) };
}
