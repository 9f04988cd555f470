using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Json;
using System.Text.Json;
using SmartMaintenance.Cloud.Hosting;
using SmartMaintenance.Contracts;
using SmartMaintenance.EdgeBroker.Devices;
using SmartMaintenance.EdgeBroker.Hosting;
using SmartMaintenance.EdgeBroker.Observability;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.EndToEnd.Tests;

/// <summary>
/// The real chain on free loopback ports: the cloud host and the edge broker host, each a full
/// WebApplication, with provisioned devices. Storage is SQLite in a temp folder or a fresh PostgreSQL database.
/// </summary>
public sealed class SystemUnderTest : IAsyncDisposable
{
    public const string Site = "plant-1";
    public const string ApiKey = "e2e-test-key-0123456789abcdef";

    private readonly WebApplication _cloud;
    private readonly WebApplication _broker;

    private SystemUnderTest(string directory, WebApplication cloud, WebApplication broker, int mqttPort,
        string cloudUrl, IReadOnlyDictionary<string, string> secrets)
    {
        Directory_ = directory;
        _cloud = cloud;
        _broker = broker;
        MqttPort = mqttPort;
        CloudUrl = cloudUrl;
        Secrets = secrets;
        Http = new HttpClient { BaseAddress = new Uri(cloudUrl) };
        Http.DefaultRequestHeaders.Add("x-api-key", ApiKey);
    }

    public string Directory_ { get; }
    public int MqttPort { get; }
    public string CloudUrl { get; }
    public HttpClient Http { get; }
    public IReadOnlyDictionary<string, string> Secrets { get; }
    public BrokerMetrics BrokerMetrics => _broker.Services.GetRequiredService<BrokerMetrics>();

    /// <param name="postgresConnectionString">null for the embedded SQLite engine.</param>
    public static async Task<SystemUnderTest> StartAsync(string? postgresConnectionString, int devices = 5)
    {
        var directory = TempFolders.Create("sm-e2e-");
        try
        {
            return await StartInAsync(directory, postgresConnectionString, devices);
        }
        catch
        {
            // Nobody owns the folder until the system is up: a start that fails must not leave it behind.
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            TempFolders.Delete(directory);
            throw;
        }
    }

    private static async Task<SystemUnderTest> StartInAsync(string directory, string? postgresConnectionString, int devices)
    {

        var devicesFile = Path.Combine(directory, "devices.json");
        var secrets = new Dictionary<string, string>();
        for (var i = 1; i <= devices; i++)
        {
            var id = $"dev-{i}";
            var secret = $"secret-{i}-{Guid.NewGuid():N}";
            var code = ProvisionCommand.Run(["--device", id, "--site", Site, "--file", devicesFile, "--secret", secret], TextWriter.Null, TextWriter.Null);
            Assert.Equal(0, code);
            secrets[id] = secret;
        }

        // The cloud binds port 0 and reports the port the OS gave it: no race with other test assemblies.
        var cloudArgs = new List<string>
        {
            "--urls=http://127.0.0.1:0",
            $"--Cloud:ApiKeys:BootstrapKey={ApiKey}",
            $"--Cloud:Storage:SqlitePath={Path.Combine(directory, "cloud.db")}",
            // The data-flow tests need no model: skip the baseline training every fresh cloud starts.
            "--Cloud:Ml:TrainBaselineOnStart=false",
            "--Logging:LogLevel:Default=Warning",
        };
        if (postgresConnectionString is not null)
        {
            cloudArgs.Add($"--ConnectionStrings:Postgres={postgresConnectionString}");
        }

        var cloud = CloudApplication.Build([.. cloudArgs]);
        try
        {
            await cloud.StartAsync();
        }
        catch
        {
            await cloud.DisposeAsync();
            throw;
        }

        var cloudUrl = cloud.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>()
            .Addresses.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal);

        // MQTTnet cannot report a port it chose, so a port taken between FreePort and bind is retried with another.
        for (var attempt = 1; ; attempt++)
        {
            var mqttPort = FreePort.Get();
            var broker = EdgeBrokerApplication.Build(
            [
                "--urls=http://127.0.0.1:0",
                $"--Broker:Mqtt:Port={mqttPort}",
                $"--Broker:Devices:File={devicesFile}",
                $"--Broker:Outbox:Directory={Path.Combine(directory, "outbox")}",
                $"--Broker:DeadLetters:Directory={Path.Combine(directory, "deadletters")}",
                $"--Broker:Cloud:BaseUrl={cloudUrl}",
                $"--Broker:Cloud:ApiKey={ApiKey}",
                "--Broker:Cloud:MaxBatchDelay=00:00:00.050",
                "--Logging:LogLevel:Default=Warning",
            ]);
            try
            {
                await broker.StartAsync();
                return new SystemUnderTest(directory, cloud, broker, mqttPort, cloudUrl, secrets);
            }
            catch (Exception ex)
            {
                await broker.DisposeAsync();
                if (attempt >= 5 || !IsAddressInUse(ex))
                {
                    // The cloud is already up: stop it too, or it keeps the folder and a port until the run ends.
                    await cloud.DisposeAsync();
                    throw;
                }
            }
        }
    }

    private static bool IsAddressInUse(Exception ex) =>
        ex is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse }
        || (ex.InnerException is not null && IsAddressInUse(ex.InnerException));

    /// <summary>Writes the fleet credentials file the virtual device reads.</summary>
    public string WriteFleetFile()
    {
        var path = Path.Combine(Directory_, "fleet.json");
        var entries = Secrets.Select(kv => new Dictionary<string, string> { ["device_id"] = kv.Key, ["secret"] = kv.Value });
        File.WriteAllText(path, JsonSerializer.Serialize(entries));
        return path;
    }

    /// <summary>Reads every stored reading through the public query API, following the keyset cursor.</summary>
    public async Task<List<StoredReading>> AllReadingsAsync()
    {
        var all = new List<StoredReading>();
        string? cursor = null;
        do
        {
            var page = await Http.GetFromJsonAsync($"/api/v1/sensors/readings?limit=1000{(cursor is null ? "" : "&cursor=" + cursor)}",
                ContractsJsonContext.Default.ReadingPage);
            all.AddRange(page!.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return all;
    }

    public Task<List<StoredReading>> WaitForReadingsAsync(int count) =>
        Eventually.WaitForAsync(AllReadingsAsync, r => r.Count >= count, TimeSpan.FromSeconds(30), $"{count} stored readings");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _broker.StopAsync();
        await _broker.DisposeAsync();
        await _cloud.StopAsync();
        await _cloud.DisposeAsync();
        // SQLite pools keep cloud.db open after the host is gone; a file still held is retried at exit.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        TempFolders.Delete(Directory_);
    }
}
