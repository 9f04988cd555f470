using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Agents.Storage;

namespace SmartMaintenance.Cloud.Agents.Tests;

/// <summary>Issue 13, finding 8: the harness removes the folder its SQLite database lives in.</summary>
public sealed class AgentHarnessTests
{
    [Fact]
    public async Task DisposeAsync_RemovesTheFolderOfItsDatabase()
    {
        string file;
        await using (var harness = await AgentHarness.CreateAsync(new FakeTimeProvider()))
        {
            await using var connection = await harness.Get<AgentDatabase>().OpenAsync(CancellationToken.None);
            file = ((SqliteConnection)connection).DataSource;
            Assert.True(File.Exists(file), file);
        }

        Assert.False(Directory.Exists(Path.GetDirectoryName(file)), $"{Path.GetDirectoryName(file)} was left behind");
    }
}
