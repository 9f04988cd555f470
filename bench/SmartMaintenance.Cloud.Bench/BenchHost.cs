using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Npgsql;
using SmartMaintenance.Cloud.Hosting;

namespace SmartMaintenance.Cloud.Bench;

/// <summary>
/// The real cloud host (CloudApplication.Build, Kestrel on loopback) on a fresh database of the bench server, rate
/// limits raised out of the way and background ML training off. It runs in this process, so the load client and the
/// server share the machine's cores — the figures are for the whole box, not the server alone.
/// </summary>
internal sealed class BenchHost : IAsyncDisposable
{
    public const string Key = "bench-bootstrap-key-0123456789abcdef";

    private readonly WebApplication _app;

    private BenchHost(WebApplication app, string url, string connectionString)
    {
        _app = app;
        Url = url;
        ConnectionString = connectionString;
    }

    public string Url { get; }
    public string ConnectionString { get; }

    public static async Task<BenchHost> StartAsync(string prefix)
    {
        var connectionString = await CreateDatabaseAsync(prefix);
        var url = $"http://127.0.0.1:{FreePort()}";
        var app = CloudApplication.Build(Arguments(url, connectionString));
        await app.StartAsync();
        return new BenchHost(app, url, connectionString);
    }

    /// <summary>The cloud's command line for a bench: also used by the end-to-end bench to start it as its own process.</summary>
    public static string[] Arguments(string url, string connectionString) =>
    [
        $"--urls={url}",
        $"--Cloud:ApiKeys:BootstrapKey={Key}",
        $"--ConnectionStrings:Postgres={connectionString}",
        "--Cloud:RateLimit:PermitsPerSecond=10000000",
        "--Cloud:RateLimit:Burst=10000000",
        "--Cloud:Ml:TrainBaselineOnStart=false",
        "--Logging:LogLevel:Default=Warning",
    ];

    public HttpClient Client(int connections)
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = new Uri(Url) };
        client.DefaultRequestHeaders.Add("x-api-key", Key);
        return client;
    }

    public static async Task<string> CreateDatabaseAsync(string prefix)
    {
        var server = Environment.GetEnvironmentVariable("SM_TEST_POSTGRES")
            ?? throw new InvalidOperationException("SM_TEST_POSTGRES is not set: eval \"$(bench/pg.sh start)\" first.");
        var name = $"{prefix}_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ToString();
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
