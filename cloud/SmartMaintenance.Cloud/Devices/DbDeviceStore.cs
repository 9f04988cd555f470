using System.Data.Common;
using System.Text.Json;
using SmartMaintenance.Cloud.Storage;
using SmartMaintenance.Contracts;

namespace SmartMaintenance.Cloud.Devices;

/// <summary>The registry in portable SQL, run on PostgreSQL or SQLite through a <see cref="DbDataSource"/>.</summary>
internal sealed class DbDeviceStore(DbDataSource dataSource) : IDeviceStore
{
    private const string Select = """
        SELECT d.device_id, d.site, d.display_name, d.secret_hash, d.sensors, d.enabled, d.online, d.last_seen, d.created_at,
               c.config, c.updated_at, c.ack_version, c.ack_applied, c.ack_error, c.ack_at,
               d.firmware_version, d.reported_config, d.reported_at
        FROM devices d LEFT JOIN device_configs c ON c.device_id = d.device_id
        """;

    public async Task<bool> CreateAsync(DeviceRecord device, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Db.Command(connection, """
            INSERT INTO devices (device_id, site, display_name, secret_hash, sensors, enabled, online, created_at)
            VALUES (@id, @site, @name, @hash, @sensors, @enabled, @online, @created)
            ON CONFLICT (device_id) DO NOTHING
            """,
            ("id", device.DeviceId), ("site", device.Site), ("name", device.DisplayName), ("hash", device.SecretHash),
            ("sensors", JsonSerializer.Serialize(device.Sensors, DevicesJsonContext.Default.IReadOnlyListDeviceSensor)),
            ("enabled", device.Enabled), ("online", false), ("created", device.CreatedAt));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<DeviceRecord?> GetAsync(string deviceId, CancellationToken cancellationToken)
    {
        var list = await QueryAsync(Select + " WHERE d.device_id = @id", [("id", deviceId)], cancellationToken);
        return list.Count == 0 ? null : list[0];
    }

    public Task<IReadOnlyList<DeviceRecord>> ListAsync(CancellationToken cancellationToken) =>
        QueryAsync(Select + " ORDER BY d.device_id", [], cancellationToken);

    public async Task<bool> SetEnabledAsync(string deviceId, bool enabled, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Db.Command(connection, "UPDATE devices SET enabled = @enabled WHERE device_id = @id",
            ("enabled", enabled), ("id", deviceId));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<(ConfigUpdateStatus Status, DeviceConfig? Config)> PutConfigAsync(
        string deviceId, DeviceConfig config, long? expectedVersion, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);
        await using (var exists = Db.Command(connection, "SELECT count(*) FROM devices WHERE device_id = @id", ("id", deviceId)))
        {
            exists.Transaction = transaction;
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return (ConfigUpdateStatus.DeviceNotFound, null);
            }
        }

        long current;
        await using (var version = Db.Command(connection, "SELECT coalesce(max(version), 0) FROM device_configs WHERE device_id = @id", ("id", deviceId)))
        {
            version.Transaction = transaction;
            current = Convert.ToInt64(await version.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }

        if (expectedVersion is { } expected && expected != current)
        {
            return (ConfigUpdateStatus.VersionMismatch, null);
        }

        var stored = config with { Version = current + 1 };
        await using (var upsert = Db.Command(connection, """
            INSERT INTO device_configs (device_id, version, config, updated_at) VALUES (@id, @version, @config, @at)
            ON CONFLICT (device_id) DO UPDATE SET version = excluded.version, config = excluded.config, updated_at = excluded.updated_at
            """,
            ("id", deviceId), ("version", stored.Version),
            ("config", JsonSerializer.Serialize(stored, ContractsJsonContext.Default.DeviceConfig)), ("at", now)))
        {
            upsert.Transaction = transaction;
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return (ConfigUpdateStatus.Updated, stored);
    }

    public async Task<bool> ApplyEventAsync(DeviceEvent e, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        DbCommand command = e.Kind switch
        {
            // An older event arriving late must not overwrite a newer state.
            DeviceEventKinds.Online or DeviceEventKinds.Offline => Db.Command(connection, """
                UPDATE devices SET online = @online, last_seen = @at
                WHERE device_id = @id AND (last_seen IS NULL OR last_seen <= @at)
                """, ("online", e.Kind == DeviceEventKinds.Online), ("at", e.At), ("id", e.DeviceId)),
            DeviceEventKinds.ConfigAck => Db.Command(connection, """
                UPDATE device_configs SET ack_version = @version, ack_applied = @applied, ack_error = @error, ack_at = @at
                WHERE device_id = @id
                """, ("version", e.ConfigVersion), ("applied", e.Applied), ("error", e.Error), ("at", e.At), ("id", e.DeviceId)),
            _ => throw new ArgumentException($"unknown event kind '{e.Kind}'", nameof(e)),
        };
        await using (command)
        {
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                await ApplyReportedAsync(connection, e, cancellationToken);
                return true;
            }
        }

        // Zero rows: either the device is unknown or the event was older than what we have (still "known").
        await using var exists = Db.Command(connection, "SELECT count(*) FROM devices WHERE device_id = @id", ("id", e.DeviceId));
        return Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    /// <summary>
    /// What a birth message said the device runs: only the parts it carried are written (an older firmware sends
    /// neither), and an older report arriving late does not overwrite a newer one.
    /// </summary>
    private static async Task ApplyReportedAsync(DbConnection connection, DeviceEvent e, CancellationToken cancellationToken)
    {
        if (e.Kind != DeviceEventKinds.Online || (e.FirmwareVersion is null && e.ReportedConfig is null))
        {
            return;
        }

        var set = new List<string> { "reported_at = @at" };
        var parameters = new List<(string, object?)> { ("at", e.At), ("id", e.DeviceId) };
        if (e.FirmwareVersion is { } firmware)
        {
            set.Add("firmware_version = @firmware");
            parameters.Add(("firmware", firmware));
        }

        if (e.ReportedConfig is { } reported)
        {
            set.Add("reported_config = @reported");
            parameters.Add(("reported", JsonSerializer.Serialize(reported, ContractsJsonContext.Default.DeviceConfig)));
        }

        await using var command = Db.Command(connection,
            $"UPDATE devices SET {string.Join(", ", set)} WHERE device_id = @id AND (reported_at IS NULL OR reported_at <= @at)", [.. parameters]);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<DeviceRecord>> QueryAsync(string sql, (string, object?)[] parameters, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Db.Command(connection, sql, parameters);
        var list = new List<DeviceRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            DeviceConfigState? config = null;
            if (!reader.IsDBNull(9))
            {
                config = new DeviceConfigState(
                    JsonSerializer.Deserialize(reader.GetString(9), ContractsJsonContext.Default.DeviceConfig)!,
                    reader.Time(10), reader.NullableInt64(11), reader.NullableBoolean(12), reader.NullableString(13), reader.NullableTime(14));
            }

            list.Add(new DeviceRecord(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                JsonSerializer.Deserialize(reader.GetString(4), DevicesJsonContext.Default.IReadOnlyListDeviceSensor) ?? [],
                reader.GetBoolean(5), reader.GetBoolean(6), reader.NullableTime(7), reader.Time(8), config)
            {
                FirmwareVersion = reader.NullableString(15),
                ReportedConfig = reader.IsDBNull(16) ? null : JsonSerializer.Deserialize(reader.GetString(16), ContractsJsonContext.Default.DeviceConfig),
                ReportedAt = reader.NullableTime(17),
            });
        }

        return list;
    }
}
