using SmartMaintenance.Cloud.Agents.Storage;

namespace SmartMaintenance.Cloud.Agents.Tests.Storage;

/// <summary>The SQLite settings that keep concurrent agent writers off the alert path's critical time.</summary>
public sealed class AgentDatabaseTests
{
    private static async Task<string> PragmaAsync(AgentHarness harness, string pragma)
    {
        await using var connection = await harness.Get<AgentDatabase>().OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {pragma};";
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    [Fact]
    public async Task MigrateAsync_Sqlite_FileInWalMode()
    {
        await using var harness = await AgentHarness.CreateAsync(TimeProvider.System);

        Assert.Equal("wal", await PragmaAsync(harness, "journal_mode"));
    }

    [Fact]
    public async Task OpenAsync_Sqlite_BusyTimeoutSetSoSqliteWaitsForTheWriter()
    {
        await using var harness = await AgentHarness.CreateAsync(TimeProvider.System);

        Assert.Equal("30000", await PragmaAsync(harness, "busy_timeout"));
    }
}
