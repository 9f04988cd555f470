using System.Data.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartMaintenance.Cloud.Devices;
using SmartMaintenance.Cloud.Security;
using SmartMaintenance.Cloud.Storage;
using SmartMaintenance.Cloud.Storage.DeadLetters;
using SmartMaintenance.Cloud.Storage.Migrations;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Tests.Storage;

/// <summary>
/// The storage services exactly as the host wires them (AddCloudStorage), on a fresh SQLite file or a fresh
/// database of the real PostgreSQL server, migrated.
/// </summary>
public sealed class StorageHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly string? _directory;

    private readonly Dictionary<string, string?> _config;

    private StorageHarness(ServiceProvider services, string? directory, string? connectionString, Dictionary<string, string?> config)
    {
        _services = services;
        _directory = directory;
        ConnectionString = connectionString;
        _config = config;
    }

    public string? ConnectionString { get; }
    public IReadingStore Readings => _services.GetRequiredService<IReadingStore>();
    public IDeviceStore Devices => _services.GetRequiredService<IDeviceStore>();
    public IApiKeyStore ApiKeys => _services.GetRequiredService<IApiKeyStore>();
    public IDeadLetterStore DeadLetters => _services.GetRequiredService<IDeadLetterStore>();
    public StorageMigrator Migrator => _services.GetRequiredService<StorageMigrator>();
    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public static Task<StorageHarness> StartAsync(StorageEngine engine, IDictionary<string, string?>? settings = null) =>
        StartAsync(engine, settings, int.MaxValue);

    /// <summary>A fresh database migrated only up to <paramref name="version"/>, as an older build left it.</summary>
    public static Task<StorageHarness> StartAtVersionAsync(StorageEngine engine, int version) => StartAsync(engine, null, version);

    private static async Task<StorageHarness> StartAsync(StorageEngine engine, IDictionary<string, string?>? settings, int upToVersion)
    {
        var config = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        string? directory = null;
        string? connectionString = null;
        if (engine == StorageEngine.Postgres)
        {
            connectionString = await PostgresServer.CreateDatabaseAsync("cloud");
            config["ConnectionStrings:Postgres"] = connectionString;
        }
        else
        {
            directory = SmartMaintenance.TestSupport.TempFolders.Create("sm-cloud-");
            config["Cloud:Storage:SqlitePath"] = Path.Combine(directory, "cloud.db");
        }

        return await OpenAsync(config, directory, connectionString, upToVersion);
    }

    /// <summary>A second, independent set of services on the same database (as a restarted host would be).</summary>
    public Task<StorageHarness> ReopenAsync() => OpenAsync(_config, null, ConnectionString, int.MaxValue);

    private static async Task<StorageHarness> OpenAsync(Dictionary<string, string?> config, string? directory, string? connectionString, int upToVersion)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(config).Build();
        var services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton(TimeProvider.System)
            .AddCloudStorage(configuration)
            .BuildServiceProvider();
        var harness = new StorageHarness(services, directory, connectionString, config);
        if (upToVersion == int.MaxValue)
        {
            await harness.Migrator.MigrateAsync(CancellationToken.None);
        }
        else
        {
            var engine = services.GetRequiredService<StorageEngineInfo>().Engine;
            await new MigrationRunner(services.GetRequiredService<DbDataSource>(), engine,
                services.GetRequiredService<ILogger<StorageHarness>>()).RunAsync(upToVersion, CancellationToken.None);
        }

        return harness;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (_directory is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            // A file still held is retried when the test process exits.
            SmartMaintenance.TestSupport.TempFolders.Delete(_directory);
        }
    }
}
