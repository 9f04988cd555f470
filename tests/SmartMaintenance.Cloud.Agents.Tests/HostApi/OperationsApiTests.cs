using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace SmartMaintenance.Cloud.Agents.Tests.HostApi;

/// <summary>Reports, the metrics snapshot and the knowledge base through the real host.</summary>
[Collection(AgentsCloudCollection.Name)]
public sealed class OperationsApiTests(AgentsCloudFixture fixture)
{
    private HttpClient Http => fixture.Cloud.Http;

    [Fact]
    public async Task PostReport_JsonThenGetByIdAsJsonAndCsv_SameReportStoredAndListed()
    {
        var to = DateTimeOffset.UtcNow;
        var from = to.AddHours(-2);
        var created = await Http.PostAsync($"/api/v1/reports?keep_empty=true&from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}", null);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var report = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = report.GetProperty("id").GetInt64();
        Assert.Equal($"/api/v1/reports/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal(from.ToUnixTimeMilliseconds(), report.GetProperty("from").GetDateTimeOffset().ToUnixTimeMilliseconds());
        foreach (var section in new[] { "fleet", "anomaliesBySeverity", "ordersByStatus", "decisionsByKind", "predictions" })
        {
            Assert.True(report.TryGetProperty(section, out _), $"report lacks {section}: {report}");
        }

        var stored = await Http.GetFromJsonAsync<JsonElement>($"/api/v1/reports/{id}");
        Assert.Equal(id, stored.GetProperty("id").GetInt64());
        Assert.Contains((await Http.GetFromJsonAsync<JsonElement>("/api/v1/reports")).EnumerateArray(), r => r.GetProperty("id").GetInt64() == id);

        var csv = await Http.GetAsync($"/api/v1/reports/{id}?format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"report-{id}.csv", csv.Content.Headers.ContentDisposition?.FileName);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.StartsWith("section,key,metric,value\r\n", text);
        Assert.Contains($"period,from,utc,{from.UtcDateTime:yyyy-MM-ddTHH:mm:ss}", text);
        Assert.Contains("model,predictions,count,", text);
    }

    [Fact]
    public async Task PostReport_CsvFormat_CsvDownloadOfTheNewReport()
    {
        var response = await Http.PostAsync("/api/v1/reports?format=csv&keep_empty=true", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("section,key,metric,value\r\n", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PostReport_PeriodWithNothingInIt_422AndNoReportStored()
    {
        // A period long ago: nothing of the fleet happened in it.
        var from = Uri.EscapeDataString(new DateTimeOffset(2001, 1, 1, 0, 0, 0, TimeSpan.Zero).ToString("O"));
        var to = Uri.EscapeDataString(new DateTimeOffset(2001, 1, 2, 0, 0, 0, TimeSpan.Zero).ToString("O"));

        var response = await Http.PostAsync($"/api/v1/reports?from={from}&to={to}", null);

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var reports = (await Http.GetFromJsonAsync<JsonElement>("/api/v1/reports")).EnumerateArray().ToList();
        Assert.DoesNotContain(reports, r => r.GetProperty("from").GetDateTimeOffset().Year == 2001);
    }

    [Fact]
    public async Task Reports_BadPeriodOrUnknownId_400And404ProblemDetails()
    {
        var now = Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O"));
        var bad = await Http.PostAsync($"/api/v1/reports?from={now}&to={now}", null);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("from", out _));

        var missing = await Http.GetAsync("/api/v1/reports/987654321");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task MetricsSnapshot_JsonAndPrometheus_PerAgentCountsAndPublishedEvents()
    {
        // Something through the bus first, so the snapshot has an agent in it.
        var sim = await Http.PostAsJsonAsync("/api/v1/simulate/normal", new { device_id = $"metrics-{Guid.NewGuid():N}"[..20], count = 5 });
        sim.EnsureSuccessStatusCode();
        var snapshot = await SmartMaintenance.TestSupport.Eventually.WaitForAsync(
            () => Http.GetFromJsonAsync<JsonElement>("/api/v1/metrics/snapshot"),
            s => s.GetProperty("agents").EnumerateArray().Any(a => a.GetProperty("agent").GetString() == "ValidationAgent"),
            TimeSpan.FromSeconds(30), "the validation agent in the snapshot");

        var validation = snapshot.GetProperty("agents").EnumerateArray().Single(a => a.GetProperty("agent").GetString() == "ValidationAgent");
        Assert.True(validation.GetProperty("handled").GetInt64() >= 5);
        Assert.True(snapshot.GetProperty("eventsPublished").GetProperty("ReadingReceived").GetInt64() >= 5);
        Assert.True(snapshot.TryGetProperty("queueDepths", out _));

        var prometheus = await Http.GetAsync("/api/v1/metrics/snapshot?format=prometheus");
        Assert.Equal("text/plain", prometheus.Content.Headers.ContentType?.MediaType);
        Assert.Contains("sm_agent_events_handled_total{agent=\"ValidationAgent\"}", await prometheus.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PostIncident_UnknownAnomalyOrMissingFix_400ProblemDetailsNamingAnomalyId()
    {
        foreach (var body in new object[] { new { anomaly_id = 987654321, cause = "c", fix = "f" }, new { cause = "c" } })
        {
            var response = await Http.PostAsJsonAsync("/api/v1/knowledge/incidents", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("anomaly_id", out _));
        }

        Assert.Equal(JsonValueKind.Array, (await Http.GetFromJsonAsync<JsonElement>("/api/v1/knowledge/incidents")).ValueKind);
    }
}
