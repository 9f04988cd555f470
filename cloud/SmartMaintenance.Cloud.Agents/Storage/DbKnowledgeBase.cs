using System.Text.Json;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Learning;

namespace SmartMaintenance.Cloud.Agents.Storage;

/// <summary>Incidents in agent_incidents; the similarity search scans the incidents of one sensor type.</summary>
internal sealed class DbKnowledgeBase(AgentDatabase database) : IKnowledgeBase
{
    public async Task<long> AddAsync(Incident incident, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command("""
            INSERT INTO agent_incidents (sensor_type, signature, symptoms, cause, fix, resolved_at_ms)
            VALUES (@t, @s, @sy, @c, @f, @at) RETURNING id
            """).With("@t", incident.SensorType.ToLowerInvariant()).With("@s", JsonSerializer.Serialize(incident.Signature))
            .With("@sy", incident.Symptoms).With("@c", incident.Cause).With("@f", incident.Fix).With("@at", incident.ResolvedAt);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
    }

    public async Task<IReadOnlyList<Incident>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "SELECT id, sensor_type, signature, symptoms, cause, fix, resolved_at_ms FROM agent_incidents ORDER BY id DESC LIMIT @l")
            .With("@l", limit);
        return await command.ReadAllAsync(Map, cancellationToken);
    }

    public async Task<IReadOnlyList<SimilarCase>> FindSimilarAsync(string sensorType, IReadOnlyList<double> signature, int k,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command(
            "SELECT id, sensor_type, signature, symptoms, cause, fix, resolved_at_ms FROM agent_incidents WHERE sensor_type = @t")
            .With("@t", sensorType.ToLowerInvariant());
        var incidents = await command.ReadAllAsync(Map, cancellationToken);
        return incidents
            .Select(i => new SimilarCase(i.Id, Similarity.Cosine(signature, i.Signature), i.Symptoms, i.Cause, i.Fix))
            .Where(c => c.Similarity > 0)
            .OrderByDescending(c => c.Similarity).ThenByDescending(c => c.IncidentId)
            .Take(k)
            .ToList();
    }

    private static Incident Map(System.Data.Common.DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), JsonSerializer.Deserialize<double[]>(r.GetString(2)) ?? [], r.GetString(3),
        r.GetString(4), r.GetString(5), r.Time(6));
}
