using System.Net;
using SmartMaintenance.Cloud.Security;
using SmartMaintenance.Cloud.Storage;
using SmartMaintenance.Cloud.Storage.Migrations;

namespace SmartMaintenance.Cloud.Tests.Api;

/// <summary>Every protected route: 401 without a key or with a wrong one, 403 with a key lacking the scope, success with it.</summary>
public sealed class AuthMatrixTests(CloudHostFixture fixture) : IClassFixture<CloudHostFixture>
{
    private CloudHost Host => fixture.Host;

    public static TheoryData<string, string, string> Routes => new()
    {
        { "GET", "/api/v1/sensors", ApiScopes.Read },
        { "GET", "/api/v1/sensors/readings", ApiScopes.Read },
        { "GET", "/api/v1/sensors/readings.csv", ApiScopes.Read },
        { "GET", "/api/v1/sensors/s1/aggregates?bucket=1h", ApiScopes.Read },
        { "GET", "/api/v1/devices", ApiScopes.Read },
        { "POST", "/api/v1/data/ingest", ApiScopes.Ingest },
        { "POST", "/api/v1/data/ingest/batch", ApiScopes.Ingest },
        { "POST", "/api/v1/devices", ApiScopes.Operate },
        { "GET", "/api/v1/broker/sync", ApiScopes.Broker },
        { "POST", "/api/v1/broker/events", ApiScopes.Broker },
        { "GET", "/api/v1/admin/api-keys", ApiScopes.Admin },
        // ML reads; the ML admin routes (promote, enable, disable, retrain) are in Cloud.Ml.Tests' MlApiTests,
        // whose host has a model to act on.
        { "GET", "/api/v1/ml/models", ApiScopes.Read },
        { "GET", "/api/v1/ml/decisions", ApiScopes.Read },
        { "GET", "/api/v1/ml/retrain/jobs", ApiScopes.Read },
    };

    private static HttpRequestMessage Request(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            // A body the route accepts, so "right scope" proves authorization, not validation.
            request.Content = CloudHost.Json(path switch
            {
                "/api/v1/data/ingest" => """{"sensor_id":"auth-s","value":300,"sensor_type":"temperature","unit":"K"}""",
                "/api/v1/data/ingest/batch" => """{"broker_id":"b","batch_id":"auth","items":[]}""",
                "/api/v1/devices" => $$"""{"device_id":"auth-{{Guid.NewGuid():N}}","site":"plant-1"}""",
                _ => """{"broker_id":"b","events":[]}""",
            });
        }

        return request;
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_WithoutKey_401(string method, string path, string scope)
    {
        _ = scope;
        using var client = Host.Client(null);
        var response = await client.SendAsync(Request(method, path));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_WithWrongKey_401(string method, string path, string scope)
    {
        _ = scope;
        using var client = Host.Client("smk_not-a-key-that-exists-anywhere");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(Request(method, path))).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_WithKeyLackingTheScope_403(string method, string path, string scope)
    {
        var others = ApiScopes.All.Where(s => s != scope).ToArray();
        using var client = Host.Client(await Host.CreateKeyAsync(others));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(Request(method, path))).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_WithKeyHoldingOnlyTheScope_Succeeds(string method, string path, string scope)
    {
        using var client = Host.Client(await Host.CreateKeyAsync(scope));
        var response = await client.SendAsync(Request(method, path));
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task AuthorizationHeader_ApiKeyScheme_Accepted()
    {
        using var client = Host.Client(null);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("ApiKey", await Host.CreateKeyAsync(ApiScopes.Read));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/sensors")).StatusCode);
    }

    [Fact]
    public async Task RevokedKey_NextRequest_401()
    {
        var key = await Host.CreateKeyAsync(ApiScopes.Read);
        using var client = Host.Client(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/sensors")).StatusCode);
        var keys = await Host.Admin.GetStringAsync("/api/v1/admin/api-keys");
        var id = System.Text.Json.JsonDocument.Parse(keys).RootElement.EnumerateArray().Last().GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.NoContent, (await Host.Admin.DeleteAsync($"/api/v1/admin/api-keys/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/sensors")).StatusCode);
    }

    [Fact]
    public async Task PublicEndpoints_WithoutKey_Answer()
    {
        using var client = Host.Client(null);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains($"schema version {MigrationRunner.LatestVersion(StorageEngine.Postgres)}", await ready.Content.ReadAsStringAsync());
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("http_server_request_duration_seconds", metrics);
    }

    [Fact]
    public async Task AnyAnswer_CarriesSecurityHeaders()
    {
        using var client = Host.Client(null);
        var response = await client.GetAsync("/api/v1/sensors");
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }
}
