using System.Globalization;
using System.Text;
using System.Text.Json;
using NATS.Client.Core;
using Npgsql;

namespace SmartMaintenance.Cloud.Agents.Bench;

/// <summary>
/// Who owns what in a scale-out step, from the instances' /health, the nats-server's consumers and the database: used
/// to wait until the partitions settled before a stream, and to say what holds the readings when a step stalls.
/// </summary>
internal static class ScaleOutDiagnostics
{
    /// <summary>"subscription/partition" -> owner, from each live instance's /health (a partition two claim keeps the first).</summary>
    public static async Task<Dictionary<string, string>> OwnershipAsync(IReadOnlyList<ScaleOutInstance> instances)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, owner) in await ClaimsAsync(instances))
        {
            owners.TryAdd(key, owner);
        }

        return owners;
    }

    /// <summary>
    /// Waits until every partition of the server (each stream's partition consumers, which the first instance created) is
    /// claimed by exactly one instance, every instance owns partitions, and the claims stopped changing for two
    /// heartbeats (the rebalancing after the joins is over), so the stream does not race it. Every partition claimed:
    /// after a join a released partition can stay without an owner for up to LeaseTtl (seen on 2026-12-06: 28 of 63
    /// claimed, steady for more than two heartbeats), and a stream started then waits for its acquisition mid-stream.
    /// </summary>
    public static async Task WaitForSettledOwnershipAsync(IReadOnlyList<ScaleOutInstance> instances, NatsConnection nats)
    {
        var stableSince = System.Diagnostics.Stopwatch.StartNew();
        string? last = null;
        await ScaleOutBench.WaitAsync(async () =>
        {
            var partitions = (await ScaleOutStreams.ReadAsync(nats)).Consumers.Select(c => c.OwnershipKey).ToHashSet(StringComparer.Ordinal);
            var claims = await ClaimsAsync(instances);
            var text = string.Join(",", claims.Select(c => $"{c.Key}={c.Owner}").Order(StringComparer.Ordinal));
            if (text != last)
            {
                last = text;
                stableSince.Restart();
            }

            var keys = claims.Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
            var balanced = instances.All(i => claims.Any(c => c.Owner == i.Id)) && keys.Count == claims.Count && keys.SetEquals(partitions);
            return balanced && stableSince.Elapsed > TimeSpan.FromSeconds(2 * ScaleOutInstance.HeartbeatSeconds);
        }, settled => settled, TimeSpan.FromMinutes(2));
    }

    /// <summary>What a stalled step's readings wait for, in words: the database, the acquisition, the partitions.</summary>
    public static async Task<string> DescribeAsync(IReadOnlyList<ScaleOutInstance> instances, NatsConnection? nats, string connectionString)
    {
        var text = new StringBuilder();
        var (stored, maxId, cursor, upToCursor) = await DatabaseAsync(connectionString);
        text.AppendLine(CultureInfo.InvariantCulture, $"    database: {stored} readings stored (max id {maxId}); acquisition cursor at id {cursor}, {upToCursor} readings at or below it");
        foreach (var instance in instances.Where(i => !i.HasExited))
        {
            var health = await instance.HealthAsync();
            var role = health.TryGetProperty("checks", out var checks) && checks.TryGetProperty("acquisition", out var a) ? a.GetProperty("detail").GetString() : "?";
            var scaleOut = health.GetProperty("scaleOut");
            var owned = scaleOut.GetProperty("ownedPartitions").EnumerateObject().Sum(s => s.Value.GetArrayLength());
            text.AppendLine(CultureInfo.InvariantCulture,
                $"    {instance.Id}: acquisition {role}, lease state {scaleOut.GetProperty("leaseState").GetString()}, sees {Join(scaleOut.GetProperty("instances"))}, owns {owned} partitions, judged {await instance.JudgedAsync()}");
        }

        if (nats is null)
        {
            return text.ToString();
        }

        var streams = await ScaleOutStreams.ReadAsync(nats);
        text.AppendLine(CultureInfo.InvariantCulture,
            $"    bus: {streams.ReceivedEvents} readings entered it (ReadingReceived), {streams.JudgedEvents} judged; {stored - (long)streams.ReceivedEvents} stored readings never entered it");
        var claims = await ClaimsAsync(instances.Where(i => !i.HasExited).ToList());
        var owners = claims.GroupBy(c => c.Key).ToDictionary(g => g.Key, g => string.Join("+", g.Select(c => c.Owner)), StringComparer.Ordinal);
        var busy = streams.Consumers.Where(c => c.Pending > 0 || c.InFlight > 0).ToList();
        text.AppendLine(CultureInfo.InvariantCulture, $"    partitions with events waiting or in flight: {busy.Count} of {streams.Consumers.Count}");
        foreach (var consumer in busy.OrderByDescending(c => c.Pending).Take(20))
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"      {consumer.OwnershipKey}: {consumer.Pending} waiting, {consumer.InFlight} in flight, {consumer.Redelivered} redelivered, " +
                $"{consumer.PullRequests} pull requests open; owner {owners.GetValueOrDefault(consumer.OwnershipKey, "NONE")}");
        }

        var unowned = streams.Consumers.Select(c => c.OwnershipKey).Where(k => !owners.ContainsKey(k)).ToList();
        text.AppendLine(CultureInfo.InvariantCulture, $"    partitions nobody owns: {(unowned.Count == 0 ? "none" : string.Join(", ", unowned))}");
        var doubled = owners.Where(o => o.Value.Contains('+', StringComparison.Ordinal)).Select(o => $"{o.Key} ({o.Value})").ToList();
        text.Append(CultureInfo.InvariantCulture, $"    partitions claimed twice: {(doubled.Count == 0 ? "none" : string.Join(", ", doubled))}");
        return text.ToString();
    }

    private static async Task<List<(string Key, string Owner)>> ClaimsAsync(IReadOnlyList<ScaleOutInstance> instances)
    {
        var claims = new List<(string, string)>();
        foreach (var instance in instances)
        {
            var health = await instance.HealthAsync();
            foreach (var subscription in health.GetProperty("scaleOut").GetProperty("ownedPartitions").EnumerateObject())
            {
                foreach (var partition in subscription.Value.EnumerateArray())
                {
                    claims.Add(($"{subscription.Name}/{partition.GetInt32()}", instance.Id));
                }
            }
        }

        return claims;
    }

    private static async Task<(long Stored, long MaxId, long Cursor, long UpToCursor)> DatabaseAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT count(*) FROM readings),
                   (SELECT coalesce(max(id), 0) FROM readings),
                   coalesce((SELECT position FROM agent_cursors WHERE name = 'acquisition'), 0),
                   (SELECT count(*) FROM readings WHERE id <= coalesce((SELECT position FROM agent_cursors WHERE name = 'acquisition'), 0))
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
    }

    private static string Join(JsonElement array) => string.Join(", ", array.EnumerateArray().Select(e => e.GetString()));
}
