using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SmartMaintenance.Cloud.Hosting;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Agents.Tests.HostApi;

/// <summary>
/// The real cloud host (CloudApplication.Build, as Program.cs starts it) on a free port over a temp SQLite file, with
/// an HTTP client holding the bootstrap key (every scope). The ML baseline is not trained unless asked: these tests
/// are about the agents' routes, and training would take the two cores the suite shares.
/// </summary>
public sealed class AgentsCloud : IAsyncDisposable
{
    public const string BootstrapKey = "agents-api-test-key-0123456789abcdef";

    private AgentsCloud(WebApplication app, HttpClient http, string directory, string url)
    {
        App = app;
        Http = http;
        Directory = directory;
        Url = url;
    }

    public WebApplication App { get; }

    public HttpClient Http { get; }

    public string Directory { get; }

    public string Url { get; }

    /// <summary>The SQLite file the cloud and its agents share.</summary>
    public string DatabasePath => Path.Combine(Directory, "cloud.db");

    public T Get<T>() where T : notnull => App.Services.GetRequiredService<T>();

    public static async Task<AgentsCloud> StartAsync(bool trainModel = false, params string[] extra)
    {
        var directory = TempFolders.Create("sm-agents-api");
        var url = $"http://127.0.0.1:{FreePort.Get()}";
        var app = CloudApplication.Build([
            $"--urls={url}", $"--Cloud:ApiKeys:BootstrapKey={BootstrapKey}",
            $"--Cloud:Storage:SqlitePath={Path.Combine(directory, "cloud.db")}", "--Logging:LogLevel:Default=Warning",
            "--Cloud:Agents:Acquisition:PollInterval=00:00:00.050", "--Cloud:Agents:Anomaly:UseForest=false",
            $"--Cloud:Ml:TrainBaselineOnStart={trainModel}", .. extra]);
        await app.StartAsync();
        return new AgentsCloud(app, Client(url, BootstrapKey), directory, url);
    }

    /// <summary>A client without a key (key null) or with the given one.</summary>
    public HttpClient Client(string? key) => Client(Url, key);

    /// <summary>Creates an API key holding exactly these scopes (through the admin API) and returns the key.</summary>
    public async Task<string> CreateKeyAsync(string name, params string[] scopes)
    {
        var response = await Http.PostAsJsonAsync("/api/v1/admin/api-keys", new { name, scopes });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        // A file still held by a background writer is retried when the test process exits.
        TempFolders.Delete(Directory);
    }

    private static HttpClient Client(string url, string? key)
    {
        var http = new HttpClient { BaseAddress = new Uri(url) };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Add("x-api-key", key);
        }

        return http;
    }
}

/// <summary>One cloud host shared by the API test classes of this collection (they run one after another).</summary>
public sealed class AgentsCloudFixture : IAsyncLifetime
{
    public AgentsCloud Cloud { get; private set; } = null!;

    public async Task InitializeAsync() => Cloud = await AgentsCloud.StartAsync();

    public async Task DisposeAsync() => await Cloud.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class AgentsCloudCollection : ICollectionFixture<AgentsCloudFixture>
{
    public const string Name = "agents-cloud";
}
