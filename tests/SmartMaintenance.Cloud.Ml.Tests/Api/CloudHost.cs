using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SmartMaintenance.Cloud.Hosting;
using SmartMaintenance.Cloud.Ml.Registry;
using SmartMaintenance.Cloud.Ml.Tests.Support;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Ml.Tests.Api;

/// <summary>The real cloud host on a free loopback port, SQLite and the ML registry in a temp folder.</summary>
public sealed class CloudHost : IAsyncDisposable
{
    public const string ApiKey = "ml-test-key-0123456789abcdef";

    private readonly WebApplication _app;

    private CloudHost(WebApplication app, string url, string folder)
    {
        _app = app;
        Folder = folder;
        Http = new HttpClient { BaseAddress = new Uri(url) };
        Http.DefaultRequestHeaders.Add("x-api-key", ApiKey);
    }

    public HttpClient Http { get; }
    public string Folder { get; }
    public ModelRegistry Registry => _app.Services.GetRequiredService<ModelRegistry>();
    public IServiceProvider Services => _app.Services;

    /// <summary>A client with another key (null = none), e.g. one from CreateKeyAsync.</summary>
    public HttpClient Client(string? key)
    {
        var client = new HttpClient { BaseAddress = Http.BaseAddress };
        if (key is not null) client.DefaultRequestHeaders.Add("x-api-key", key);
        return client;
    }

    /// <summary>Creates an API key holding only these scopes (through the admin API, with the bootstrap key).</summary>
    public async Task<string> CreateKeyAsync(params string[] scopes)
    {
        using var response = await Http.PostAsJsonAsync("/api/v1/admin/api-keys", new { name = "k-" + Guid.NewGuid().ToString("N"), scopes });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("key").GetString()!;
    }

    /// <param name="seed">Registers and promotes the small test model as "ai4i-failure" before the host starts (no baseline training).</param>
    /// <param name="settings">Extra command-line settings, e.g. "--Cloud:Ml:Retraining:DriftProfile=fast".</param>
    public static Task<CloudHost> StartAsync(bool seed, params string[] settings) => StartAsync(seed, seedRul: false, settings);

    /// <param name="seedRul">Also registers and promotes the small RUL test model (SmallRulModel) as "cmapss-rul".</param>
    public static async Task<CloudHost> StartAsync(bool seed, bool seedRul, params string[] settings)
    {
        var folder = SmallModel.TempFolder();
        var registry = new ModelRegistry(new FileModelRegistryStore(Path.Combine(folder, "ml", "registry.json")),
            new SmartMaintenance.Cloud.Ml.Artifacts.FolderArtifactStore(Path.Combine(folder, "ml", "artifacts")), TimeProvider.System);
        if (seed)
        {
            var v = await registry.RegisterAsync("ai4i-failure", SmallModel.Model, default);
            await registry.PromoteAsync("ai4i-failure", v.Version, default);
        }

        if (seedRul)
        {
            await SmartMaintenance.Cloud.Ml.Rul.RulRegistration.RegisterAndPromoteAsync(registry, "cmapss-rul", SmallRulModel.Model, SmallRulModel.Report, TimeProvider.System, default);
        }

        var url = $"http://127.0.0.1:{FreePort.Get()}";
        var app = CloudApplication.Build(
        [
            $"--urls={url}",
            $"--Cloud:ApiKeys:BootstrapKey={ApiKey}",
            $"--Cloud:Storage:SqlitePath={Path.Combine(folder, "cloud.db")}",
            $"--Cloud:Ml:RegistryPath={Path.Combine(folder, "ml")}",
            "--Logging:LogLevel:Default=Warning",
            // The RUL model is trained on first start only where a test asks for it (seedRul registers a small one).
            "--Cloud:Ml:TrainRulOnStart=false",
            .. settings,
        ]);
        await app.StartAsync();
        return new CloudHost(app, url, folder);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        // The host's database and model registry; a file still held is retried when the test process exits.
        SmartMaintenance.TestSupport.TempFolders.Delete(Folder);
    }
}
