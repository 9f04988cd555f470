using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SmartMaintenance.Cloud.Agents.AnomalyDetection;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Agents.Tests.HostApi;

/// <summary>
/// Retry -> dead letter -> replay through the real host. The learning agent is made to fail for real: a trigger makes
/// its table refuse inserts (a knowledge base that is down), so every attempt fails and the event is dead-lettered;
/// once the table accepts inserts again, the admin replay delivers it.
/// </summary>
public sealed class DeadLetterReplayApiTests
{
    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Replay_HandlerFailedEveryAttempt_DeadLetterRowThenReplayHandlesIt403ForNonAdmin404ForUnknown()
    {
        await using var cloud = await AgentsCloud.StartAsync(false,
            "--Cloud:Agents:Bus:MaxAttempts=3", "--Cloud:Agents:Bus:InitialBackoff=00:00:00.010", "--Cloud:Agents:Bus:MaxBackoff=00:00:00.050");
        var http = cloud.Http;
        var now = DateTimeOffset.UtcNow;
        var reading = new SensorReading(1, "dl-press", "dl-vib", "vibration", "mm/s", "reading", 12, now, "corr-dl");
        await cloud.Get<IAnomalyStore>().AddAsync(new AnomalyDetected(new EventMeta("r1/anomaly", "dl-press", "corr-dl", now), reading, 0.97,
            AnomalySeverity.Critical, [new DetectorEvidence("robust-z", 9.5, 3.5, "z 9.5")], []), CancellationToken.None);
        var anomalyId = (await http.GetFromJsonAsync<JsonElement>("/api/v1/anomalies")).EnumerateArray()
            .Single(a => a.GetProperty("deviceId").GetString() == "dl-press").GetProperty("id").GetInt64();
        await ExecuteAsync(cloud.DatabasePath, """
            CREATE TRIGGER test_knowledge_down BEFORE INSERT ON agent_incidents
            BEGIN SELECT RAISE(ABORT, 'knowledge base offline'); END;
            """);

        var resolved = await http.PostAsJsonAsync("/api/v1/knowledge/incidents",
            new { anomaly_id = anomalyId, cause = "loose mounting bolt", fix = "torqued to 25 Nm" });
        Assert.Equal(HttpStatusCode.Accepted, resolved.StatusCode);

        var letters = await Eventually.WaitForAsync(() => http.GetFromJsonAsync<JsonElement>("/api/v1/admin/dead-letters"),
            l => l.GetArrayLength() > 0, TimeSpan.FromSeconds(30), "a dead letter");
        var letter = Assert.Single(letters.EnumerateArray());
        Assert.Equal("IncidentResolved->LearningAgent", letter.GetProperty("subscription").GetString());
        Assert.Equal(3, letter.GetProperty("attempts").GetInt32());
        Assert.Equal("corr-dl", letter.GetProperty("correlationId").GetString());
        Assert.Contains("knowledge base offline", letter.GetProperty("error").GetString());
        Assert.Empty((await http.GetFromJsonAsync<JsonElement>("/api/v1/knowledge/incidents")).EnumerateArray());
        var id = letter.GetProperty("id").GetInt64();

        using var operatorClient = cloud.Client(await cloud.CreateKeyAsync("operator", "read", "operate"));
        var forbidden = await operatorClient.PostAsync($"/api/v1/admin/dead-letters/{id}/replay", null);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        var unknown = await http.PostAsync("/api/v1/admin/dead-letters/987654321/replay", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);

        await ExecuteAsync(cloud.DatabasePath, "DROP TRIGGER test_knowledge_down");
        var replay = await http.PostAsync($"/api/v1/admin/dead-letters/{id}/replay", null);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);

        var incidents = await Eventually.WaitForAsync(() => http.GetFromJsonAsync<JsonElement>("/api/v1/knowledge/incidents"),
            i => i.GetArrayLength() > 0, TimeSpan.FromSeconds(30), "the replayed incident in the knowledge base");
        Assert.Equal("loose mounting bolt", Assert.Single(incidents.EnumerateArray()).GetProperty("cause").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await http.PostAsync($"/api/v1/admin/dead-letters/{id}/replay", null)).StatusCode);
        Assert.Empty((await http.GetFromJsonAsync<JsonElement>("/api/v1/admin/dead-letters")).EnumerateArray());
        var replayed = Assert.Single((await http.GetFromJsonAsync<JsonElement>("/api/v1/admin/dead-letters?include_replayed=true")).EnumerateArray());
        Assert.NotEqual(JsonValueKind.Null, replayed.GetProperty("replayedAt").ValueKind);
    }
}
