using System.Globalization;
using Npgsql;

namespace SmartMaintenance.ScaleOut.Tests;

/// <summary>
/// What the agent pipeline decided over a workload, as stored in the database and independent of which instance
/// decided it and of database ids and wall-clock times: every machine incident (device, severity, first and last
/// abnormal reading time, readings in alert, episodes, p-value) and every alert row (agent_anomalies: device, sensor,
/// severity, score, value, reading time). Two runs over the same input must give equal outcomes.
/// </summary>
internal sealed record PipelineOutcome(long StoredReadings, IReadOnlyList<string> Incidents, IReadOnlyList<string> Alerts)
{
    public static async Task<PipelineOutcome> ReadAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var readings = Convert.ToInt64(await Scalar(connection, "SELECT count(*) FROM readings"), CultureInfo.InvariantCulture);
        var incidents = await Rows(connection, """
            SELECT device_id, machine_id, severity, first_abnormal_ms, last_abnormal_ms, readings_in_alert, episodes, p_value
            FROM agent_machine_incidents ORDER BY device_id, first_abnormal_ms, severity_rank
            """);
        var alerts = await Rows(connection, """
            SELECT device_id, sensor_id, severity, score, value, reading_at_ms
            FROM agent_anomalies ORDER BY device_id, reading_at_ms, sensor_id, severity
            """);
        return new PipelineOutcome(readings, incidents, alerts);
    }

    /// <summary>Equal when both runs stored the same readings and made the same decisions.</summary>
    public bool SameAs(PipelineOutcome other) =>
        StoredReadings == other.StoredReadings && Incidents.SequenceEqual(other.Incidents) && Alerts.SequenceEqual(other.Alerts);

    public override string ToString() =>
        $"{StoredReadings} readings; incidents:\n  {string.Join("\n  ", Incidents)}\nalerts:\n  {string.Join("\n  ", Alerts)}";

    private static async Task<object?> Scalar(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task<List<string>> Rows(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            var fields = new string[reader.FieldCount];
            for (var i = 0; i < fields.Length; i++)
            {
                // Doubles in their round-trip form: "identical" means bit for bit, not close.
                fields[i] = reader.GetValue(i) switch
                {
                    double d => d.ToString("R", CultureInfo.InvariantCulture),
                    var v => Convert.ToString(v, CultureInfo.InvariantCulture) ?? "",
                };
            }

            rows.Add(string.Join(" | ", fields));
        }

        return rows;
    }
}
