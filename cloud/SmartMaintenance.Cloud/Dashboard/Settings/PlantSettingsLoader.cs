using SmartMaintenance.Cloud.Dashboard.Display;

namespace SmartMaintenance.Cloud.Dashboard.Settings;

/// <summary>
/// At start (after the storage migrations, which are registered before the dashboard) applies the time zone an
/// admin stored, so the pages keep the plant's choice across restarts. A stored zone this machine no longer knows
/// (another tz database) is logged and the configured zone is kept rather than failing the start.
/// </summary>
internal sealed partial class PlantSettingsLoader(PlantSettingsStore store, PlantTime clock, ILogger<PlantSettingsLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(PlantSettingsStore.TimeZoneKey, cancellationToken);
        if (stored is not null && !clock.Use(stored))
        {
            LogUnknownZone(stored, clock.ZoneId);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The stored plant time zone '{Stored}' is not known on this machine; showing times in {Configured}")]
    private partial void LogUnknownZone(string stored, string configured);
}
