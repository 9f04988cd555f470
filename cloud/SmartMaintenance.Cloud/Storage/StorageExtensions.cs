using Microsoft.Extensions.Options;
using Npgsql;

namespace SmartMaintenance.Cloud.Storage;

public static class StorageExtensions
{
    public static IServiceCollection AddReadingStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.SqlitePath), "Cloud:Storage:SqlitePath must not be empty.")
            .ValidateOnStart();

        var postgres = configuration.GetConnectionString("Postgres");
        if (!string.IsNullOrWhiteSpace(postgres))
        {
            services.AddSingleton(_ => NpgsqlDataSource.Create(postgres));
            services.AddSingleton<IReadingStore, PostgresReadingStore>();
        }
        else
        {
            services.AddSingleton<IReadingStore>(sp =>
                new SqliteReadingStore(sp.GetRequiredService<IOptions<StorageOptions>>().Value.SqlitePath));
        }

        services.AddHostedService<StorageMigrationService>();
        return services;
    }
}

/// <summary>Applies the schema before the host starts serving, so no request sees a missing table.</summary>
internal sealed class StorageMigrationService(IReadingStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
