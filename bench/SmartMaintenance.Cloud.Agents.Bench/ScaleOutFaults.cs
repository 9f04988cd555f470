using Npgsql;

namespace SmartMaintenance.Cloud.Agents.Bench;

/// <summary>
/// The faults of a scale-out step's stream and the alerts the pipeline raised for them. An alert row
/// (agent_anomalies) names the reading it was raised on (device, reading time): an alert on any reading of a fault
/// counts for that fault, not only one on its first reading, so a fault judged from a later reading is still seen as
/// alerted (and said apart). Latency of a fault: from the hand-over of its first reading to the posting lanes to the
/// detected_at of its first alert (both this machine's clock).
/// </summary>
internal sealed class ScaleOutFaults
{
    /// <summary>Every reading inside a fault (device, reading time in ms) -> its fault (device, first reading's time).</summary>
    private readonly Dictionary<(string Device, long At), (string Device, long Start)> _readings = [];

    /// <summary>Each fault -> when its first reading was handed to the lanes (Unix ms).</summary>
    private readonly Dictionary<(string Device, long Start), long> _posted = [];

    public int Count => _posted.Count;

    public void Posted(string device, long atMs, long faultStartMs, long nowMs)
    {
        _readings[(device, atMs)] = (device, faultStartMs);
        _posted.TryAdd((device, faultStartMs), nowMs);
    }

    public async Task<ScaleOutAlerts> MatchAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var first = new Dictionary<(string, long), long>();
        var onFirstReading = new HashSet<(string, long)>();
        int rows = 0, outside = 0;
        await using (var command = new NpgsqlCommand("SELECT device_id, reading_at_ms, detected_at_ms FROM agent_anomalies", connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows++;
                var (device, at, detected) = (reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2));
                if (!_readings.TryGetValue((device, at), out var fault))
                {
                    outside++;
                    continue;
                }

                first[fault] = first.TryGetValue(fault, out var earlier) ? Math.Min(earlier, detected) : detected;
                if (at == fault.Start)
                {
                    onFirstReading.Add(fault);
                }
            }
        }

        // Readings stored after a newer reading of their machine: the pipeline judges a machine in stored (id) order.
        await using var order = new NpgsqlCommand("""
            SELECT count(*) FROM (
                SELECT ts < max(ts) OVER (PARTITION BY device_id ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS late
                FROM readings) r
            WHERE late
            """, connection);
        var outOfOrder = (long)(await order.ExecuteScalarAsync())!;
        var latencies = first.Select(f => (double)(f.Value - _posted[f.Key])).Order().ToArray();
        return new ScaleOutAlerts(rows, Count, first.Count, onFirstReading.Count, outside, outOfOrder, latencies);
    }
}
