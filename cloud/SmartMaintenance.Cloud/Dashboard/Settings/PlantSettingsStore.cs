using System.Data.Common;
using SmartMaintenance.Cloud.Storage;

namespace SmartMaintenance.Cloud.Dashboard.Settings;

/// <summary>
/// Plant-wide settings an admin changes in the dashboard (table plant_settings, on either storage engine): one row
/// per key, with who changed it and when, so a setting chosen on the page survives a restart.
/// </summary>
public sealed class PlantSettingsStore(DbDataSource dataSource)
{
    /// <summary>The plant's time zone (an IANA id); overrides Cloud:Dashboard:TimeZone once an admin chose one.</summary>
    public const string TimeZoneKey = "time_zone";

    public async Task<string?> GetAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Db.Command(connection, "SELECT value FROM plant_settings WHERE key = @key", ("key", key));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task SetAsync(string key, string value, string changedBy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Db.Command(connection, """
            INSERT INTO plant_settings (key, value, updated_by, updated_at) VALUES (@key, @value, @by, @at)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at
            """,
            ("key", key), ("value", value), ("by", changedBy), ("at", at));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
