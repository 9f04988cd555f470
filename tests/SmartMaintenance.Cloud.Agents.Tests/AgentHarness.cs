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
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sm-agents-" + Guid.NewGuid().ToString("N"));

    private AgentHarness(ServiceProvider services) => Services = services;

    public ServiceProvider Services { get; }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public static async Task<AgentHarness> CreateAsync(TimeProvider time, string? postgres = null,
        Dictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "sm-agents-" + Guid.NewGuid().ToString("N"));
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
        await provider.GetRequiredService<AgentMigrator>().MigrateAsync(CancellationToken.None);
        return new AgentHarness(provider);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
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
