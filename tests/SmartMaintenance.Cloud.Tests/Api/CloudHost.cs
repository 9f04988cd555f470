using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using SmartMaintenance.Cloud.Hosting;
using SmartMaintenance.Contracts;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Tests.Api;

/// <summary>
/// The real cloud host (CloudApplication.Build, Kestrel on a free loopback port) on a fresh database of the real
/// PostgreSQL server (or, from <see cref="StartSqliteAsync"/>, on a fresh SQLite file), with the bootstrap key
/// (all scopes).
/// </summary>
public sealed class CloudHost : IAsyncDisposable
{
    public const string BootstrapKey = "api-test-bootstrap-key-0123456789";

    private readonly WebApplication _app;
    private readonly string? _directory;

    private CloudHost(WebApplication app, string url, string connectionString, string? directory = null)
    {
        _app = app;
        _directory = directory;
        Url = url;
        ConnectionString = connectionString;
        Admin = Client(BootstrapKey);
    }

    public string Url { get; }

    /// <summary>The PostgreSQL connection string; empty on SQLite.</summary>
    public string ConnectionString { get; }

    /// <summary>A client holding the bootstrap key.</summary>
    public HttpClient Admin { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<CloudHost> StartAsync(params string[] extraArgs)
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("api");
        var (app, url) = await BuildAndStartAsync([$"--ConnectionStrings:Postgres={connectionString}", .. extraArgs]);
        return new CloudHost(app, url, connectionString);
    }

    /// <summary>The host on a database the caller made (e.g. on a server of the test's own).</summary>
    public static async Task<CloudHost> StartOnAsync(string connectionString, params string[] extraArgs)
    {
        var (app, url) = await BuildAndStartAsync([$"--ConnectionStrings:Postgres={connectionString}", .. extraArgs]);
        return new CloudHost(app, url, connectionString);
    }

    /// <summary>The same host on the embedded engine: no PostgreSQL connection string, a SQLite file of its own.</summary>
    public static async Task<CloudHost> StartSqliteAsync(params string[] extraArgs)
    {
        var directory = TempFolders.Create("sm-api-");
        var (app, url) = await BuildAndStartAsync([$"--Cloud:Storage:SqlitePath={Path.Combine(directory, "cloud.db")}", .. extraArgs]);
        return new CloudHost(app, url, "", directory);
    }

    private static async Task<(WebApplication App, string Url)> BuildAndStartAsync(string[] args)
    {
        var url = $"http://127.0.0.1:{FreePort.Get()}";
        var app = CloudApplication.Build(
        [
            $"--urls={url}",
            $"--Cloud:ApiKeys:BootstrapKey={BootstrapKey}",
            "--Cloud:Ml:TrainBaselineOnStart=false",
            "--Logging:LogLevel:Default=Warning",
            .. args,
        ]);
        await app.StartAsync();
        return (app, url);
    }

    /// <summary>A client sending <paramref name="apiKey"/> in x-api-key (none when null).</summary>
    public HttpClient Client(string? apiKey)
    {
        var client = new HttpClient { BaseAddress = new Uri(Url) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("x-api-key", apiKey);
        }

        return client;
    }

    /// <summary>Creates a key with these scopes through the admin endpoint and returns it.</summary>
    public async Task<string> CreateKeyAsync(params string[] scopes)
    {
        var response = await Admin.PostAsJsonAsync("/api/v1/admin/api-keys", new { name = "k-" + Guid.NewGuid().ToString("N"), scopes });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<Dictionary<string, System.Text.Json.JsonElement>>();
        return body!["key"].GetString()!;
    }

    public async Task<ReadingPage> ReadingsAsync(string query = "")
    {
        var page = await Admin.GetFromJsonAsync($"/api/v1/sensors/readings?limit=1000{query}", ContractsJsonContext.Default.ReadingPage);
        return page!;
    }

    public static StringContent Json(string json) => new(json, new MediaTypeHeaderValue("application/json"));

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_directory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            // A file still held is retried when the test process exits.
            TempFolders.Delete(_directory);
        }
    }
}

/// <summary>One host shared by the tests of a class (each test uses its own sensors or devices).</summary>
public sealed class CloudHostFixture : IAsyncLifetime
{
    public CloudHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await CloudHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>One host on the embedded SQLite engine shared by the tests of a class.</summary>
public sealed class SqliteCloudHostFixture : IAsyncLifetime
{
    public CloudHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await CloudHost.StartSqliteAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
