using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using SmartMaintenance.Contracts.Wire;
using SmartMaintenance.EdgeBroker.Devices;
using SmartMaintenance.EdgeBroker.Hosting;
using SmartMaintenance.EdgeBroker.Observability;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.EdgeBroker.Tests.Support;

/// <summary>A temp folder with provisioned devices, and the real broker host (in process or as a child process).</summary>
public sealed class BrokerFixture : IAsyncDisposable
{
    public const string Site = "plant-1";
    public const string ApiKey = "broker-test-key-0123456789";

    private WebApplication? _app;

    public BrokerFixture(int devices = 3, bool disabledLast = false)
    {
        Directory = TempFolders.Create("sm-broker-");
        DevicesFile = Path.Combine(Directory, "devices.json");
        try
        {
            for (var i = 1; i <= devices; i++)
            {
                var id = $"dev-{i}";
                var secret = $"secret-{i}-{Guid.NewGuid():N}";
                Assert.Equal(0, ProvisionCommand.Run(["--device", id, "--site", Site, "--file", DevicesFile, "--secret", secret], TextWriter.Null, TextWriter.Null));
                Secrets[id] = secret;
            }

            if (disabledLast)
            {
                var file = DeviceRegistry.Load(DevicesFile);
                var last = file.Devices[^1];
                file.Devices[^1] = last with { Enabled = false };
                DeviceRegistry.Save(DevicesFile, file);
            }
        }
        catch
        {
            // A constructor that throws leaves no fixture to dispose: the folder goes now.
            TempFolders.Delete(Directory);
            throw;
        }

        MqttPort = FreePort.Get();
        HttpPort = FreePort.Get();
    }

    public string Directory { get; }
    public string DevicesFile { get; }
    public int MqttPort { get; private set; }
    public int HttpPort { get; private set; }
    public Dictionary<string, string> Secrets { get; } = new();
    public string OutboxDirectory => Path.Combine(Directory, "outbox");
    /// <summary>Where the broker keeps retained.json by default: beside the outbox.</summary>
    public string RetainedDirectory => Path.Combine(Directory, "retained");
    public WebApplication App => _app ?? throw new InvalidOperationException("not started in process");
    public BrokerMetrics Metrics => App.Services.GetRequiredService<BrokerMetrics>();
    /// <summary>Service registrations applied last when the broker starts in process (e.g. a predictable Backoff).</summary>
    public Action<IServiceCollection>? Overrides { get; set; }

    /// <summary>Command-line settings for a broker talking to <paramref name="cloudUrl"/>.</summary>
    public List<string> Args(string cloudUrl, params string[] extra) =>
    [
        $"--urls=http://127.0.0.1:{HttpPort}",
        $"--Broker:Mqtt:Port={MqttPort}",
        $"--Broker:Devices:File={DevicesFile}",
        $"--Broker:Outbox:Directory={OutboxDirectory}",
        $"--Broker:DeadLetters:Directory={Path.Combine(Directory, "deadletters")}",
        $"--Broker:Cloud:BaseUrl={cloudUrl}",
        $"--Broker:Cloud:ApiKey={ApiKey}",
        "--Broker:Cloud:MaxBatchDelay=00:00:00.020",
        "--Broker:Cloud:MaxRetryDelay=00:00:00.200",
        "--Broker:Cloud:SyncInterval=00:00:00.200",
        "--Logging:LogLevel:Default=Warning",
        .. extra,
    ];

    public async Task StartInProcessAsync(string cloudUrl, params string[] extra)
    {
        for (var attempt = 1; ; attempt++)
        {
            var app = EdgeBrokerApplication.Build([.. Args(cloudUrl, extra)], Overrides);
            try
            {
                await app.StartAsync();
                _app = app;
                return;
            }
            catch (Exception ex) when (attempt < 5 && IsAddressInUse(ex))
            {
                await app.DisposeAsync();
                NewPorts();
            }
        }
    }

    /// <summary>
    /// A port from FreePort can be taken between the check and the bind (by another test host or by an outgoing
    /// client socket): pick new ones and start again.
    /// </summary>
    public void NewPorts()
    {
        MqttPort = FreePort.Get();
        HttpPort = FreePort.Get();
    }

    public static bool IsAddressInUse(Exception ex) =>
        ex is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.AddressAlreadyInUse }
        || ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase)
        || ex.InnerException is { } inner && IsAddressInUse(inner);

    public async Task StopInProcessAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public async Task<IMqttClient> ConnectAsync(string device, MqttProtocolVersion version = MqttProtocolVersion.V500, string? clientId = null, string? secret = null)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", MqttPort)
            .WithClientId(clientId ?? device)
            .WithCredentials(device, secret ?? Secrets[device])
            .WithProtocolVersion(version)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .Build());
        return client;
    }

    /// <summary>Connects and returns the CONNACK result code (MQTTnet 5 returns refusals, it does not throw them).</summary>
    public async Task<MqttClientConnectResultCode> ConnectResultAsync(string device, MqttProtocolVersion version, string clientId, string secret)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", MqttPort).WithClientId(clientId).WithCredentials(device, secret)
            .WithProtocolVersion(version).WithTimeout(TimeSpan.FromSeconds(10)).Build());
        return result.ResultCode;
    }

    public static string Telemetry(string device) => TopicScheme.Build(Site, device, TopicScheme.Telemetry);

    public static string Reading(string device, long sequence, double value = 300.5, string extra = "") =>
        $$"""{"v":1,"dev":"{{device}}","seq":{{sequence}},"cv":0,"up":10,"sid":"air-temp","st":"temperature","u":"K","k":"r","val":{{value.ToString(System.Globalization.CultureInfo.InvariantCulture)}}{{extra}}}""";

    public static MqttApplicationMessage Message(string topic, string payload, MqttQualityOfServiceLevel qos = MqttQualityOfServiceLevel.AtLeastOnce) =>
        new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(Encoding.UTF8.GetBytes(payload)).WithQualityOfServiceLevel(qos).Build();

    public async ValueTask DisposeAsync()
    {
        await StopInProcessAsync();
        // A child process may still hold a file for a moment: then it is retried when the test process exits.
        TempFolders.Delete(Directory);
    }
}
