using Npgsql;
using SmartMaintenance.Cloud.Storage.Postgres;

namespace SmartMaintenance.Cloud.Tests.Storage;

/// <summary>What the cloud adds to a configured PostgreSQL connection string, and what it leaves to the operator.</summary>
public sealed class PostgresConnectionDefaultsTests
{
    [Fact]
    public void Apply_PlainConnectionString_AutoPreparesAndForcesGenericPlans()
    {
        var applied = new NpgsqlConnectionStringBuilder(PostgresConnectionDefaults.Apply("Host=db;Username=u"));

        Assert.Equal(64, applied.MaxAutoPrepare);
        Assert.Equal(2, applied.AutoPrepareMinUsages);
        Assert.Equal("-c plan_cache_mode=force_generic_plan", applied.Options);
    }

    [Fact]
    public void Apply_OtherOptionsSet_GenericPlansAppendedToThem()
    {
        var applied = new NpgsqlConnectionStringBuilder(PostgresConnectionDefaults.Apply("Host=db;Options=-c statement_timeout=5000"));

        Assert.Equal("-c statement_timeout=5000 -c plan_cache_mode=force_generic_plan", applied.Options);
    }

    [Fact]
    public void Apply_OwnPlanCacheMode_KeptAsConfigured()
    {
        var applied = new NpgsqlConnectionStringBuilder(PostgresConnectionDefaults.Apply("Host=db;Options=-c plan_cache_mode=auto;Max Auto Prepare=0"));

        Assert.Equal("-c plan_cache_mode=auto", applied.Options);
        Assert.Equal(0, applied.MaxAutoPrepare);
    }
}
