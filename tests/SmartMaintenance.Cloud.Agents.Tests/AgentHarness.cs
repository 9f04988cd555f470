using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SmartMaintenance.Cloud.Agents.Acquisition;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Hosting;
using SmartMaintenance.Cloud.Agents.Storage;

namespace SmartMaintenance.Cloud.Agents.Tests;

/// <summary>The agent services over a real database (a temp SQLite file, or a fresh PostgreSQL database), migrated.</summary>
public sealed class AgentHarness : IAsyncDisposable
{
    // The folder the SQLite file lives in: the one CreateAsync made (a second random name here was never created,
    // so the real folder was left behind by every harness).
    private readonly string _directory;

    private AgentHarness(ServiceProvider services, string directory)
    {
        Services = services;
        _directory = directory;
    }

    public ServiceProvider Services { get; }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public static async Task<AgentHarness> CreateAsync(TimeProvider time, string? postgres = null,
        Dictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var directory = SmartMaintenance.TestSupport.TempFolders.Create("sm-agents-");
        var values = new Dictionary<string, string?> { ["Cloud:Storage:SqlitePath"] = Path.Combine(directory, "agents.db") };
        if (postgres is not null)
        {
            values["ConnectionStrings:Postgres"] = postgres;
        }

        foreach (var (k, v) in settings ?? [])
        {
            values[k] = v;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(time);
        services.AddSingleton<IReadingSource>(new NoReadings());
        services.AddSingleton<IReadingWriter>(new NoReadings());
        services.AddAgentPipeline(configuration);
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        try
        {
            await provider.GetRequiredService<AgentMigrator>().MigrateAsync(CancellationToken.None);
        }
        catch
        {
            await provider.DisposeAsync();
            SmartMaintenance.TestSupport.TempFolders.Delete(directory);
            throw;
        }

        return new AgentHarness(provider, directory);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        SmartMaintenance.TestSupport.TempFolders.Delete(_directory);
    }

    public static SensorReading Reading(double value, DateTimeOffset at, string sensor = "t1", string type = "temperature", long id = 1) =>
        new(id, "dev-1", sensor, type, "C", "reading", value, at, "corr-1");

    public static EventMeta Meta(string id, DateTimeOffset at, string correlation = "corr-1") => new(id, "dev-1", correlation, at);

    private sealed class NoReadings : IReadingSource, IReadingWriter
    {
        public Task<IReadOnlyList<SensorReading>> ReadAfterAsync(long afterId, int limit, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<SensorReading>>([]);

        public Task<IReadOnlyList<long>> AppendAsync(IReadOnlyList<GeneratedReading> readings, CancellationToken cancellationToken) =>
            throw new NotSupportedException("this harness has no reading store");
    }
}
