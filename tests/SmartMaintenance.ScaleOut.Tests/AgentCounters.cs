using System.Text.Json;

namespace SmartMaintenance.ScaleOut.Tests;

/// <summary>
/// The figures of GET /api/v1/metrics/snapshot the tests count with, summed over instances: events published by type
/// and events handled by agent. Counters live in each process, so a killed instance's are gone with it.
/// </summary>
internal sealed record AgentCounters(IReadOnlyDictionary<string, long> Published, IReadOnlyDictionary<string, long> Handled)
{
    public long Validated => Published.GetValueOrDefault("ReadingValidated");
    public long Rejected => Published.GetValueOrDefault("ReadingRejected");

    /// <summary>Readings the validation agent decided on (accepted or rejected).</summary>
    public long Judged => Validated + Rejected;

    public static async Task<AgentCounters> SumAsync(IEnumerable<CloudInstance> instances)
    {
        var published = new Dictionary<string, long>(StringComparer.Ordinal);
        var handled = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var instance in instances)
        {
            var snapshot = await instance.MetricsAsync();
            foreach (var e in snapshot.GetProperty("eventsPublished").EnumerateObject())
            {
                published[e.Name] = published.GetValueOrDefault(e.Name) + e.Value.GetInt64();
            }

            foreach (var a in snapshot.GetProperty("agents").EnumerateArray())
            {
                var name = a.GetProperty("agent").GetString()!;
                handled[name] = handled.GetValueOrDefault(name) + a.GetProperty("handled").GetInt64();
            }
        }

        return new AgentCounters(published, handled);
    }

    public override string ToString() =>
        "published " + string.Join(", ", Published.Select(p => $"{p.Key}={p.Value}")) +
        "; handled " + string.Join(", ", Handled.Select(h => $"{h.Key}={h.Value}"));
}
