using Npgsql;
using SmartMaintenance.Cloud.Storage.Postgres;

namespace SmartMaintenance.Cloud.Tests.Storage;

/// <summary>What the cloud adds to a configured PostgreSQL connection string, and what it leaves to the operator.</summary>
public sealed class PostgresConnectionDefaultsTests
{
    [Fact]
    public void Apply_PlainConnectionString_AutoPreparesHotStatements()
    {
        var applied = new NpgsqlConnectionStringBuilder(PostgresConnectionDefaults.Apply("Host=db;Username=u"));

        Assert.Equal(64, applied.MaxAutoPrepare);
        Assert.Equal(2, applied.AutoPrepareMinUsages);
    }

    [Fact]
    public void Apply_OwnAutoPrepare_KeptAsConfigured()
    {
        var applied = new NpgsqlConnectionStringBuilder(PostgresConnectionDefaults.Apply("Host=db;Max Auto Prepare=0"));

        Assert.Equal(0, applied.MaxAutoPrepare);
    }
}
