using System.Net;
using System.Text;

namespace SmartMaintenance.Cloud.Agents.Tests.HostApi;

/// <summary>Every agent route through the real host: 401 without a key, 403 with a key lacking the route's scope, neither with it.</summary>
[Collection(AgentsCloudCollection.Name)]
public sealed class ScopeMatrixTests(AgentsCloudFixture fixture)
{
    private const string Decision = """{"order_id":1,"decision":"approve","operator":"maria","reason":"checked"}""";

    /// <summary>(method, path, JSON body or null, the one scope the route needs).</summary>
    public static TheoryData<string, string, string?, string> Routes => new()
    {
        { "GET", "/api/v1/decisions", null, "read" },
        { "GET", "/api/v1/decisions?format=csv", null, "read" },
        { "GET", "/api/v1/maintenance/orders", null, "read" },
        { "GET", "/api/v1/maintenance/orders/1", null, "read" },
        { "POST", "/api/v1/maintenance/orders/1/complete", """{"operator":"maria","finding":"checked"}""", "operate" },
        { "GET", "/api/v1/anomalies", null, "read" },
        { "GET", "/api/v1/notifications", null, "read" },
        { "GET", "/api/v1/reports", null, "read" },
        { "GET", "/api/v1/reports/1", null, "read" },
        { "GET", "/api/v1/metrics/snapshot", null, "read" },
        { "GET", "/api/v1/knowledge/incidents", null, "read" },
        { "GET", "/api/v1/demo/golden-path/none", null, "read" },
        { "GET", "/api/v1/demo/golden-path/none/stream", null, "read" },
        { "GET", "/api/v1/demo/site", null, "read" },
        { "POST", "/api/v1/decisions", Decision, "operate" },
        { "POST", "/api/v1/reports", null, "operate" },
        { "POST", "/api/v1/knowledge/incidents", """{"anomaly_id":1,"cause":"c","fix":"f"}""", "operate" },
        { "POST", "/api/v1/simulate/normal", """{"device_id":"scope-matrix","count":1}""", "operate" },
        { "POST", "/api/v1/demo/golden-path", """{"events":1,"auto_decide":true}""", "operate" },
        { "GET", "/api/v1/admin/dead-letters", null, "admin" },
        { "POST", "/api/v1/admin/dead-letters/1/replay", null, "admin" },
    };

    private static HttpRequestMessage Request(string method, string path, string? body) =>
        new(new HttpMethod(method), path)
        {
            Content = body is null && method == "GET" ? null : new StringContent(body ?? "{}", Encoding.UTF8, "application/json"),
        };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_ByKeyScope_401WithoutKey403WithOtherScopesAllowedWithItsOwn(string method, string path, string? body, string scope)
    {
        var cloud = fixture.Cloud;
        using var anonymous = cloud.Client(null);
        var noKey = await anonymous.SendAsync(Request(method, path, body));
        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal("application/problem+json", noKey.Content.Headers.ContentType?.MediaType);

        foreach (var other in new[] { "ingest", "read", "operate", "admin" })
        {
            using var client = cloud.Client(await cloud.CreateKeyAsync($"{other}-{Guid.NewGuid():N}", other));
            var response = await client.SendAsync(Request(method, path, body));
            if (other == scope)
            {
                Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
                Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Forbidden,
                    $"{method} {path} with a '{other}' key: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }
    }

    [Fact]
    public async Task PostDecision_NoKeyAndNoBody_401NotABodyError()
    {
        using var anonymous = fixture.Cloud.Client(null);

        var response = await anonymous.PostAsync("/api/v1/decisions", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
