using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartMaintenance.Contracts;

namespace SmartMaintenance.Cloud.Tests.Api;

/// <summary>
/// Issue 13, findings 6 and 7 on POST /api/v1/data/ingest: the broker's plausibility rules (range per sensor type and
/// unit, timestamp window) with field-level ProblemDetails, and an Idempotency-Key bound to its body.
/// </summary>
public sealed class SingleIngestRulesTests(CloudHostFixture fixture) : IClassFixture<CloudHostFixture>
{
    private CloudHost Host => fixture.Host;

    public static TheoryData<string, string, string> Implausible => new()
    {
        { "k5000", """{"sensor_id":"pl-k5000","value":5000,"sensor_type":"temperature","unit":"K"}""", "value" },
        { "kneg", """{"sensor_id":"pl-kneg","value":-1e300,"sensor_type":"temperature","unit":"K"}""", "value" },
        { "year1", """{"sensor_id":"pl-year1","value":300,"sensor_type":"temperature","unit":"K","timestamp":"0001-01-01T00:00:00Z"}""", "timestamp" },
        { "y1970", """{"sensor_id":"pl-1970","value":300,"sensor_type":"temperature","unit":"K","timestamp":"1970-01-01T00:00:00Z"}""", "timestamp" },
        { "nul", "{\"sensor_id\":\"pl-nul\",\"value\":3,\"sensor_type\":\"gear\\u0000box\",\"unit\":\"x\"}", "sensor_type" },
        { "surrogate", "{\"sensor_id\":\"pl-sur\",\"value\":3,\"sensor_type\":\"gearbox\",\"unit\":\"\\ud800\"}", "unit" },
        { "corr-nul", "{\"sensor_id\":\"pl-cnul\",\"value\":300,\"sensor_type\":\"temperature\",\"unit\":\"K\",\"correlation_id\":\"a\\u0000b\"}", "correlation_id" },
    };

    [Theory]
    [MemberData(nameof(Implausible))]
    public async Task IngestOne_Implausible_400ValidationProblemNamingTheFieldNothingStored(string name, string body, string field)
    {
        var response = await Host.Admin.PostAsync("/api/v1/data/ingest", CloudHost.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{name}: no error for '{field}' in {problem}");
        var sensor = JsonDocument.Parse(body).RootElement.GetProperty("sensor_id").GetString();
        Assert.Empty((await Host.ReadingsAsync($"&sensor_id={sensor}")).Items);
    }

    [Fact]
    public async Task IngestOne_PlausibleKelvinAndRecentTimestamp_Accepted()
    {
        var ts = DateTimeOffset.UtcNow.AddMinutes(-1);
        var response = await Host.Admin.PostAsync("/api/v1/data/ingest",
            CloudHost.Json($$"""{"sensor_id":"pl-ok","value":301.5,"sensor_type":"temperature","unit":"K","timestamp":"{{ts:O}}"}"""));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task IngestOne_SameIdempotencyKeyDifferentBody_409NamingTheKeySecondNotStored()
    {
        var first = await SendAsync("idem-diff-7", """{"sensor_id":"idem-diff","value":300,"sensor_type":"temperature","unit":"K"}""");
        var same = await SendAsync("idem-diff-7", """{"sensor_id":"idem-diff","value":300,"sensor_type":"temperature","unit":"K"}""");
        var other = await SendAsync("idem-diff-7", """{"sensor_id":"idem-diff","value":301,"sensor_type":"temperature","unit":"K"}""");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal("duplicate", (await same.Content.ReadFromJsonAsync(ContractsJsonContext.Default.ReadingIngestResponse))!.Status);
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        var problem = await other.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("idem-diff-7", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var stored = Assert.Single((await Host.ReadingsAsync("&sensor_id=idem-diff")).Items);
        Assert.Equal(300, stored.Value);
    }

    private async Task<HttpResponseMessage> SendAsync(string key, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/data/ingest") { Content = CloudHost.Json(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await Host.Admin.SendAsync(request);
    }
}
