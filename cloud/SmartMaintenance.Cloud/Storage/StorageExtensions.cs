using System.Data.Common;
using Microsoft.Extensions.Options;
using Npgsql;
using PostgresPoolSize = SmartMaintenance.Cloud.Agents.Storage.PostgresPoolSize;
using SmartMaintenance.Cloud.Devices;
using SmartMaintenance.Cloud.Security;
using SmartMaintenance.Cloud.Storage.DeadLetters;
using SmartMaintenance.Cloud.Storage.Postgres;
using SmartMaintenance.Cloud.Storage.Sqlite;
using SmartMaintenance.Cloud.Storage.WriteBehind;

namespace SmartMaintenance.Cloud.Storage;

public static class StorageExtensions
{
    /// <summary>
    /// PostgreSQL when `ConnectionStrings:Postgres` is set, otherwise SQLite at `Cloud:Storage:SqlitePath`. Both
    /// engines register the same services: readings (write-behind), devices, API keys, dead letters, migrator.
    /// </summary>
    public static IServiceCollection AddCloudStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var postgres = configuration.GetConnectionString("Postgres");
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).ValidateDataAnnotations()
            // One setting sizes both pools of an instance (the connection budget of docs/scale-out.md); a pool size in the
            // connection string as well would size them differently or be silently overridden.
            .Validate(_ => string.IsNullOrWhiteSpace(postgres) || !PostgresPoolSize.SetIn(postgres),
                "ConnectionStrings:Postgres sets Maximum Pool Size: remove it and set Cloud:Storage:PostgresMaxPoolSize instead (it sizes both pools of an instance).")
            .ValidateOnStart();
        services.AddSingleton<StorageMetrics>();
        services.AddSingleton<DeadLetterMetrics>();

        if (!string.IsNullOrWhiteSpace(postgres))
        {
            var connectionString = PostgresConnectionDefaults.Apply(postgres);
            services.AddSingleton(sp => NpgsqlDataSource.Create(
                PostgresPoolSize.Apply(connectionString, sp.GetRequiredService<IOptions<StorageOptions>>().Value.PostgresMaxPoolSize)));
            services.AddSingleton<DbDataSource>(sp => sp.GetRequiredService<NpgsqlDataSource>());
            services.AddSingleton(new StorageEngineInfo(StorageEngine.Postgres));
            services.AddSingleton<PartitionManager>();
            services.AddSingleton<IReadingWriter, PostgresReadingWriter>();
            services.AddSingleton<IReadingStore, PostgresReadingStore>();
            services.AddHostedService<PartitionMaintenanceService>();
        }
        else
        {
            services.AddSingleton(sp => new SqliteDataSource(sp.GetRequiredService<IOptions<StorageOptions>>().Value.SqlitePath));
            services.AddSingleton<DbDataSource>(sp => sp.GetRequiredService<SqliteDataSource>());
            services.AddSingleton(new StorageEngineInfo(StorageEngine.Sqlite));
            services.AddSingleton<IReadingWriter, SqliteReadingWriter>();
            services.AddSingleton<IReadingStore, SqliteReadingStore>();
        }

        services.AddSingleton(sp => new WriteBehindBuffer(
            sp.GetRequiredService<IReadingWriter>(), sp.GetRequiredService<IOptions<StorageOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<StorageMetrics>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<WriteBehindBuffer>()));
        services.AddSingleton<IDeviceStore, DbDeviceStore>();
        services.AddSingleton<IApiKeyStore, DbApiKeyStore>();
        services.AddSingleton<IDeadLetterStore, DbDeadLetterStore>();
        services.AddSingleton<StorageMigrator>();
        services.AddHostedService<StorageMigrationService>();
        return services;
    }
}

/// <summary>Which engine this host runs on.</summary>
public sealed record StorageEngineInfo(StorageEngine Engine);

/// <summary>Applies the engine's migrations (and, on PostgreSQL, today's partitions) once.</summary>
public sealed class StorageMigrator(IServiceProvider services, StorageEngineInfo engine, ILogger<StorageMigrator> logger)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _done;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_done)
            {
                return;
            }

            var dataSource = services.GetRequiredService<DbDataSource>();
            await new Migrations.MigrationRunner(dataSource, engine.Engine, logger).RunAsync(cancellationToken);
            if (engine.Engine == StorageEngine.Postgres)
            {
                var time = services.GetRequiredService<TimeProvider>();
                var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
                await services.GetRequiredService<PartitionManager>().EnsureAheadAsync(time.GetUtcNow(), options.PartitionsAheadDays, cancellationToken);
                await PostgresConnectionBudget.ReportAsync(services.GetRequiredService<NpgsqlDataSource>(), options.PostgresMaxPoolSize, logger, cancellationToken);
            }

            _done = true;
        }
        finally
        {
            _gate.Release();
        }
    }
}

/// <summary>Applies the schema before the host starts serving, so no request sees a missing table.</summary>
internal sealed class StorageMigrationService(StorageMigrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
