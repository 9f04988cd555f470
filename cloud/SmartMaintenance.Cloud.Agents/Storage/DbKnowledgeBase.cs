using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Learning;

namespace SmartMaintenance.Cloud.Agents.Storage;

/// <summary>
/// Incidents in agent_incidents; the similarity search scans the incidents of one sensor type. Every anomaly runs
/// that search on the alert path, so the parsed incidents of a type are kept in memory for KnowledgeOptions.CacheFor
/// (a SELECT of the whole type and a JSON parse per incident per anomaly otherwise). AddAsync drops its type's copy,
/// so this process sees its own incidents at once; another process's are seen within CacheFor.
/// </summary>
internal sealed class DbKnowledgeBase(AgentDatabase database, TimeProvider time, IOptions<KnowledgeOptions> options) : IKnowledgeBase
{
    private const string SelectColumns = "SELECT id, sensor_type, signature, symptoms, cause, fix, resolved_at_ms FROM agent_incidents";

    private readonly TimeSpan _cacheFor = options.Value.CacheFor;
    private readonly ConcurrentDictionary<string, Snapshot> _byType = new(StringComparer.Ordinal);

    // Bumped by every AddAsync (under _gate, with the type's copy dropped): a load that started before an add must not
    // install its older rows afterwards.
    private readonly Lock _gate = new();
    private long _generation;

    public async Task<long> AddAsync(Incident incident, CancellationToken cancellationToken)
    {
        var type = incident.SensorType.ToLowerInvariant();
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.Command("""
                INSERT INTO agent_incidents (sensor_type, signature, symptoms, cause, fix, resolved_at_ms, event_id)
                VALUES (@t, @s, @sy, @c, @f, @at, @e) ON CONFLICT (event_id) DO NOTHING RETURNING id
                """).With("@t", type).With("@s", JsonSerializer.Serialize(incident.Signature))
                .With("@sy", incident.Symptoms).With("@c", incident.Cause).With("@f", incident.Fix).With("@at", incident.ResolvedAt)
                .With("@e", incident.SourceEventId);
            if (await command.ExecuteScalarAsync(cancellationToken) is { } id and not DBNull)
            {
                return Convert.ToInt64(id);
            }

            // The same IncidentResolved again (redelivered, perhaps to another instance): the entry learnt the first time.
            await using var existing = connection.Command("SELECT id FROM agent_incidents WHERE event_id = @e").With("@e", incident.SourceEventId);
            return Convert.ToInt64(await existing.ExecuteScalarAsync(cancellationToken));
        }
        finally
        {
            // Also when the insert failed or was cancelled: it may have committed all the same.
            lock (_gate)
            {
                _generation++;
                _byType.TryRemove(type, out _);
            }
        }
    }

    public async Task<IReadOnlyList<Incident>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command($"{SelectColumns} ORDER BY id DESC LIMIT @l").With("@l", limit);
        return await command.ReadAllAsync(Map, cancellationToken);
    }

    public async Task<IReadOnlyList<SimilarCase>> FindSimilarAsync(string sensorType, IReadOnlyList<double> signature, int k,
        CancellationToken cancellationToken)
    {
        var incidents = await IncidentsOfAsync(sensorType.ToLowerInvariant(), cancellationToken);
        return incidents
            .Select(i => new SimilarCase(i.Id, Similarity.Cosine(signature, i.Signature), i.Symptoms, i.Cause, i.Fix))
            .Where(c => c.Similarity > 0)
            .OrderByDescending(c => c.Similarity).ThenByDescending(c => c.IncidentId)
            .Take(k)
            .ToList();
    }

    private async Task<IReadOnlyList<Incident>> IncidentsOfAsync(string type, CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        if (_byType.TryGetValue(type, out var cached) && time.GetElapsedTime(cached.LoadedAt, now) < _cacheFor)
        {
            return cached.Incidents;
        }

        long generation;
        lock (_gate)
        {
            generation = _generation;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.Command($"{SelectColumns} WHERE sensor_type = @t").With("@t", type);
        var incidents = await command.ReadAllAsync(Map, cancellationToken);
        lock (_gate)
        {
            if (_cacheFor > TimeSpan.Zero && _generation == generation)
            {
                // The age counts from before the SELECT, so a copy is never used longer than CacheFor after its read began.
                _byType[type] = new Snapshot(incidents, now);
            }
        }

        return incidents;
    }

    private static Incident Map(System.Data.Common.DbDataReader r) => new(
        r.GetInt64(0), r.GetString(1), JsonSerializer.Deserialize<double[]>(r.GetString(2)) ?? [], r.GetString(3),
        r.GetString(4), r.GetString(5), r.Time(6));

    private sealed record Snapshot(IReadOnlyList<Incident> Incidents, long LoadedAt);
}
