using System.Net;
using SmartMaintenance.Cloud.Security;

namespace SmartMaintenance.Cloud.Tests.Api;

/// <summary>Rate limiting, CORS and the `apikey` command, each on its own host with its own settings.</summary>
public sealed class OperationsTests
{
    [Fact]
    public async Task RateLimit_BurstExhausted_429WithRetryAfterAndOtherKeysUnaffected()
    {
        await using var host = await CloudHost.StartAsync("--Cloud:RateLimit:PermitsPerSecond=1", "--Cloud:RateLimit:Burst=3");
        using var limited = host.Client(await host.CreateKeyAsync(ApiScopes.Read));

        var codes = new List<HttpStatusCode>();
        HttpResponseMessage? rejected = null;
        // Burst 3 at 1/s: the 20 requests see a 429 unless they take over 17 s (no timing assumption on a loaded machine).
        for (var i = 0; i < 20 && rejected is null; i++)
        {
            var response = await limited.GetAsync("/api/v1/sensors");
            codes.Add(response.StatusCode);
            rejected = response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, codes);
        Assert.True(int.Parse(rejected!.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);
        using var other = host.Client(await host.CreateKeyAsync(ApiScopes.Read));
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/sensors")).StatusCode);
    }

    [Fact]
    public async Task Cors_ConfiguredOrigin_AllowedOthersNot()
    {
        await using var host = await CloudHost.StartAsync("--Cloud:Http:CorsOrigins:0=https://ops.example");

        async Task<string?> AllowedOrigin(string origin)
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/sensors");
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "GET");
            var response = await host.Admin.SendAsync(preflight);
            return response.Headers.TryGetValues("Access-Control-Allow-Origin", out var v) ? v.Single() : null;
        }

        Assert.Equal("https://ops.example", await AllowedOrigin("https://ops.example"));
        Assert.Null(await AllowedOrigin("https://evil.example"));
    }

    [Fact]
    public async Task ApiKeyCommand_Create_PrintsAKeyThatTheHostAccepts()
    {
        await using var host = await CloudHost.StartAsync();
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await ApiKeyCommand.RunAsync(
            ["apikey", "create", "--name", "ops-cli", "--scopes", "read", $"--ConnectionStrings:Postgres={host.ConnectionString}",
             "--Cloud:Ml:TrainBaselineOnStart=false"], output, error);

        Assert.True(code == 0, error.ToString());
        var key = output.ToString().Split('\n').Single(l => l.StartsWith("key: ", StringComparison.Ordinal))[5..].Trim();
        using var client = host.Client(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/sensors")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/v1/data/ingest", CloudHost.Json("{}"))).StatusCode);
        Assert.Equal(2, await ApiKeyCommand.RunAsync(["apikey", "create", "--name", "x", "--scopes", "root"], TextWriter.Null, TextWriter.Null));
    }
}
