using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using SmartMaintenance.Cloud.Agents.Storage;
using SmartMaintenance.Cloud.Hosting;
using SmartMaintenance.Cloud.Storage.Postgres;
using SmartMaintenance.Cloud.Tests.Api;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Tests.Storage;

/// <summary>
/// The connection budget of an instance (docs/scale-out.md, "Connection budget"): one setting,
/// Cloud:Storage:PostgresMaxPoolSize, sizes both PostgreSQL pools an instance opens; it is validated at start, and a
/// pool size in the connection string as well is refused.
/// </summary>
public sealed class PostgresPoolSizeTests
{
    /// <summary>Nothing listens there: a start that fails validation must fail before it connects anywhere.</summary>
    private const string Unreachable = "Host=127.0.0.1;Port=1;Username=nobody;Database=nothing;Timeout=2";

    [Theory]
    [InlineData("0")]
    [InlineData("3")]
    [InlineData("1001")]
    public async Task Start_PoolSizeOutOfRange_RefusedNamingTheKey(string size)
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(Unreachable, $"--Cloud:Storage:PostgresMaxPoolSize={size}"));

        Assert.Contains("Cloud:Storage:PostgresMaxPoolSize must be 4-1000", e.Message);
    }

    [Theory]
    [InlineData("Maximum Pool Size=50")]
    [InlineData("MAXIMUM POOL SIZE=50")]
    [InlineData("maxpoolsize=50")]
    public async Task Start_ConnectionStringSetsThePoolSize_RefusedPointingToTheSetting(string setting)
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync($"{Unreachable};{setting}"));

        Assert.Contains("ConnectionStrings:Postgres sets Maximum Pool Size", e.Message);
        Assert.Contains("Cloud:Storage:PostgresMaxPoolSize", e.Message);
    }

    [Fact]
    public async Task Start_PoolSizeSet_BothPoolsOfTheInstanceUseIt()
    {
        await using var host = await CloudHost.StartAsync("--Cloud:Storage:PostgresMaxPoolSize=7");

        var readings = host.Services.GetRequiredService<NpgsqlDataSource>();
        Assert.Equal(7, new NpgsqlConnectionStringBuilder(readings.ConnectionString).MaxPoolSize);
        Assert.Equal(7, host.Services.GetRequiredService<AgentDatabase>().MaxPoolSize);
        Assert.Equal(15, PostgresPoolSize.ConnectionsPerInstance(7));
    }

    [Fact]
    public async Task Start_NoPoolSizeSet_NpgsqlsDefaultOfOneHundredAsBefore()
    {
        await using var host = await CloudHost.StartAsync();

        Assert.Equal(100, new NpgsqlConnectionStringBuilder(host.Services.GetRequiredService<NpgsqlDataSource>().ConnectionString).MaxPoolSize);
        Assert.Equal(100, host.Services.GetRequiredService<AgentDatabase>().MaxPoolSize);
        Assert.Equal(100, new NpgsqlConnectionStringBuilder().MaxPoolSize); // the default it keeps is Npgsql's own
    }

    [Theory]
    [InlineData(45, 300, 3, 297, 3)] // bench/pg.sh and deploy/run-cluster.sh: 3 instances of 2 x 45 + 1 = 91 fit
    [InlineData(100, 300, 3, 297, 1)] // the default pool size: one instance of 201 fits, two would not
    [InlineData(100, 100, 3, 97, 0)] // PostgreSQL's default max_connections: one instance may exceed it alone
    public void Evaluate_ServerLimits_InstancesThatFit(int poolSize, int maxConnections, int reserved, int available, int fit)
    {
        Assert.Equal((available, fit), PostgresConnectionBudget.Evaluate(poolSize, maxConnections, reserved));
    }

    [Theory]
    [InlineData("Host=db;Username=u", false)]
    [InlineData("Host=db;Minimum Pool Size=5", false)]
    [InlineData("Host=db;Maximum Pool Size=5", true)]
    [InlineData("Host=db;MAXIMUM POOL SIZE=5", true)]
    [InlineData("Host=db;MaxPoolSize=5", true)]
    public void SetIn_ConnectionStrings(string connectionString, bool expected) =>
        Assert.Equal(expected, PostgresPoolSize.SetIn(connectionString));

    private static async Task StartAsync(string connectionString, params string[] extra)
    {
        await using var app = CloudApplication.Build(
        [
            $"--urls=http://127.0.0.1:{FreePort.Get()}",
            $"--Cloud:ApiKeys:BootstrapKey={CloudHost.BootstrapKey}",
            "--Cloud:Ml:TrainBaselineOnStart=false",
            $"--ConnectionStrings:Postgres={connectionString}",
            .. extra,
        ]);
        await app.StartAsync();
    }
}
