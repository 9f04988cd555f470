using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartMaintenance.Cloud.Security;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Tests.Api;

/// <summary>
/// A stored API key presented while the database is unreachable: the key can be neither accepted nor refused, so
/// the request is answered 503 ProblemDetails with Retry-After (it was 500), logged once and counted per request;
/// once the database is back the same key works (the failure was not cached as "invalid key"). The database is a
/// PostgreSQL cluster of the test's own, killed (-9) and restarted; the shared server is never touched.
/// </summary>
public sealed class ApiKeyLookupFailureTests
{
    [Fact]
    public async Task KeyLookup_DatabaseUnreachable_Is503WithRetryAfterLoggedCountedAndTheKeyWorksOnceItIsBack()
    {
        await using var server = await ThrowawayPostgres.StartAsync();
        var logs = new LogCapture();
        await using var host = await CloudHost.StartOnAsync(server.ConnectionString, services => services.AddSingleton<ILoggerProvider>(logs));
        // Created (and so stored) but never presented yet: not in the lookup cache, its first use queries the database.
        using var client = host.Client(await host.CreateKeyAsync(ApiScopes.Read));
        using var anonymous = host.Client(null);

        await server.KillAsync();
        const int Requests = 5;
        for (var i = 0; i < Requests; i++)
        {
            using var response = await client.GetAsync("/api/v1/devices");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(503, problem.RootElement.GetProperty("status").GetInt32());
            Assert.Equal("API key could not be checked", problem.RootElement.GetProperty("title").GetString());
        }

        // Counted per request, logged once (the rest within a minute are counted in the line that follows them).
        Assert.Equal(Requests, LookupFailures(await anonymous.GetStringAsync("/metrics")));
        Assert.Single(logs.Lines, line => line.Contains("API key lookup failed, the key store is unreachable", StringComparison.Ordinal));
        // A route that needs no key still answers while the key store is down.
        using (var live = await client.GetAsync("/health"))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        await server.StartServerAsync();
        await Eventually.WaitForAsync(async () =>
        {
            using var response = await client.GetAsync("/api/v1/devices");
            return response.StatusCode;
        }, status => status == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "the key accepted once the database is back");
    }

    /// <summary>sm_api_key_lookup_failures_total from the Prometheus text (0 when not exported yet).</summary>
    private static long LookupFailures(string metrics)
    {
        var match = Regex.Match(metrics, @"^sm_api_key_lookup_failures_total(?:\{[^}]*\})? (\d+)", RegexOptions.Multiline);
        return match.Success ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }
}
