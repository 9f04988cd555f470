using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;
using SmartMaintenance.EdgeBroker.Mqtt;
using SmartMaintenance.EdgeBroker.Tests.Support;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.EdgeBroker.Tests.Retained;

/// <summary>
/// Retained messages across broker restarts, seen through the real mosquitto clients: a device subscribing to its
/// /config after a restart gets the config retained even while the cloud is unreachable (so the registry sync cannot
/// re-publish it), after a graceful stop and after a kill -9 once the flush interval passed.
/// </summary>
public sealed class RetainedPersistenceTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Restart_GracefulStopThenCloudUnreachable_DeviceReceivesItsConfigRetained()
    {
        await using var broker = new BrokerFixture(devices: 2);
        await using var cloud = await RecordingCloud.StartAsync(FreePort.Get());
        cloud.Sync = ConfigFor("dev-2", version: 4);
        await broker.StartInProcessAsync(cloud.Url);
        await Eventually.WaitForAsync(() => Task.FromResult(broker.Metrics.ConfigsPublished), n => n >= 1, Wait, "config published");
        await broker.StopInProcessAsync();
        await cloud.StopAsync();

        await broker.StartInProcessAsync(cloud.Url);
        var received = await SubscribeRetainedConfigAsync(broker, "dev-2");

        Assert.True(received.ExitCode == 0, $"mosquitto_sub exit {received.ExitCode}: {received.Error}");
        Assert.Contains("\"cfg\":4", received.Output);
        Assert.Equal(0, broker.Metrics.ConfigsPublished);
    }

    [Fact]
    public async Task Restart_KillDashNineAfterTheFlush_DeviceReceivesItsConfigRetained()
    {
        await using var broker = new BrokerFixture(devices: 2);
        await using var cloud = await RecordingCloud.StartAsync(FreePort.Get());
        cloud.Sync = ConfigFor("dev-2", version: 5);
        using (var process = await BrokerProcess.StartAsync(broker, cloud.Url))
        {
            // The flush interval has passed once the file holds the config: the metric says so, no sleep.
            await Eventually.WaitForAsync(() => MetricAsync(broker, "sm_broker_retained_persisted_messages"), n => n >= 1, Wait, "the config saved to disk");
            process.KillHard();
        }

        await cloud.StopAsync();
        using (await BrokerProcess.StartAsync(broker, cloud.Url))
        {
            var received = await SubscribeRetainedConfigAsync(broker, "dev-2");

            Assert.True(received.ExitCode == 0, $"mosquitto_sub exit {received.ExitCode}: {received.Error}");
            Assert.Contains("\"cfg\":5", received.Output);
        }
    }

    [Fact]
    public async Task Start_CorruptRetainedFile_StartsEmptyServesAndCountsTheFailure()
    {
        await using var broker = new BrokerFixture(devices: 2);
        Directory.CreateDirectory(broker.RetainedDirectory);
        var file = Path.Combine(broker.RetainedDirectory, "retained.json");
        await File.WriteAllTextAsync(file, """{"v":1,"messages":[{"topic":"sm/v1/plant-1/dev-2/con""");
        await using var cloud = await RecordingCloud.StartAsync(FreePort.Get());
        cloud.Sync = ConfigFor("dev-2", version: 3);

        await broker.StartInProcessAsync(cloud.Url);
        await Eventually.WaitForAsync(() => Task.FromResult(broker.Metrics.ConfigsPublished), n => n >= 1, Wait, "config published");
        var received = await SubscribeRetainedConfigAsync(broker, "dev-2");

        Assert.True(received.ExitCode == 0, $"mosquitto_sub exit {received.ExitCode}: {received.Error}");
        Assert.Contains("\"cfg\":3", received.Output);
        Assert.Equal(1.0, await MetricAsync(broker, "sm_broker_retained_load_failures_total"));
        Assert.Single(Directory.GetFiles(broker.RetainedDirectory, "retained.json.bad-*"));
    }

    [Fact]
    public async Task Restart_StatusClearedWithEmptyRetainedPublish_StaysCleared()
    {
        await using var broker = new BrokerFixture(devices: 1);
        await using var cloud = await RecordingCloud.StartAsync(FreePort.Get());
        await broker.StartInProcessAsync(cloud.Url);
        var birth = await PublishStatusAsync(broker, "dev-1", """{"v":1,"on":1}""");
        Assert.True(birth.ExitCode == 0, birth.Error);
        // Saved first, so a restart would bring the status back if the clear were not saved too.
        await Eventually.WaitForAsync(() => Task.FromResult(broker.Metrics.RetainedPersisted), n => n == 1, Wait, "the retained status saved");

        var clear = await PublishStatusAsync(broker, "dev-1", payload: null);
        Assert.True(clear.ExitCode == 0, clear.Error);
        await Eventually.WaitForAsync(() => Task.FromResult(broker.Metrics.RetainedMessages), n => n == 0, Wait, "the retained status cleared");
        await broker.StopInProcessAsync();
        await broker.StartInProcessAsync(cloud.Url);

        Assert.Empty(await broker.App.Services.GetRequiredService<MqttBrokerService>().RetainedMessagesAsync());
        Assert.Equal(0, broker.Metrics.DeadLetters);
    }

    [Fact]
    public async Task Restart_MoreRetainedThanTheCap_KeepsTheConfigAndReportsTheRest()
    {
        await using var broker = new BrokerFixture(devices: 2);
        await using var cloud = await RecordingCloud.StartAsync(FreePort.Get());
        cloud.Sync = ConfigFor("dev-2", version: 6);
        await broker.StartInProcessAsync(cloud.Url, "--Broker:Retained:MaxMessages=1");
        await Eventually.WaitForAsync(() => Task.FromResult(broker.Metrics.ConfigsPublished), n => n >= 1, Wait, "config published");
        Assert.Equal(0, (await PublishStatusAsync(broker, "dev-2", """{"v":1,"on":1}""")).ExitCode);

        await Eventually.WaitForAsync(() => MetricAsync(broker, "sm_broker_retained_over_cap_messages"), n => n == 1, Wait, "one retained message over the cap");
        Assert.Equal(2, broker.Metrics.RetainedMessages);
        await broker.StopInProcessAsync();
        await cloud.StopAsync();
        await broker.StartInProcessAsync(cloud.Url, "--Broker:Retained:MaxMessages=1");

        var kept = Assert.Single(await broker.App.Services.GetRequiredService<MqttBrokerService>().RetainedMessagesAsync());
        Assert.Equal(TopicScheme.Build(BrokerFixture.Site, "dev-2", TopicScheme.Config), kept.Topic);
    }

    [Fact]
    public async Task Restart_CloudStillHasTheSameVersion_ConfigIsNotPublishedAgain()
    {
        await using var broker = new BrokerFixture(devices: 2);
        await using var cloud = await RecordingCloud.StartAsync(FreePort.Get());
        cloud.Sync = ConfigFor("dev-2", version: 7);
        await broker.StartInProcessAsync(cloud.Url);
        await Eventually.WaitForAsync(() => Task.FromResult(broker.Metrics.ConfigsPublished), n => n >= 1, Wait, "config published");
        await broker.StopInProcessAsync();

        await broker.StartInProcessAsync(cloud.Url);
        // Two syncs answered with the same config since the restart: the first is where a re-send would happen.
        await Eventually.WaitForAsync(() => Task.FromResult(broker.Metrics.Syncs), n => n >= 2, Wait, "two syncs after the restart");

        Assert.Equal(0, broker.Metrics.ConfigsPublished);
    }

    [Fact]
    public async Task Start_FlushIntervalZero_FailsWithTheSettingName()
    {
        await using var broker = new BrokerFixture(devices: 1);

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            broker.StartInProcessAsync("http://127.0.0.1:1", "--Broker:Retained:FlushInterval=00:00:00"));

        Assert.Contains("Broker:Retained:FlushInterval", error.Message);
    }

    private static BrokerSyncResponse ConfigFor(string device, long version) => new()
    {
        Configs = [new DesiredDeviceConfig { DeviceId = device, Site = BrokerFixture.Site, Config = new DeviceConfig { Version = version, SamplePeriodMs = 500 } }],
    };

    /// <summary>The device subscribes to its own /config and takes the first message only if it carries the retain flag.</summary>
    private static Task<ProcessRunner.Result> SubscribeRetainedConfigAsync(BrokerFixture broker, string device) =>
        ProcessRunner.RunAsync(ProcessRunner.Require("mosquitto_sub", "mosquitto-clients"),
        [
            "-h", "127.0.0.1", "-p", broker.MqttPort.ToString(CultureInfo.InvariantCulture), "-V", "mqttv311",
            "-i", device, "-u", device, "-P", broker.Secrets[device], "-q", "1",
            "-t", TopicScheme.Build(BrokerFixture.Site, device, TopicScheme.Config), "--retained-only", "-C", "1", "-W", "10",
        ], TimeSpan.FromSeconds(20));

    /// <summary>A retained status publish; a null payload sends the zero-byte message that clears it.</summary>
    private static Task<ProcessRunner.Result> PublishStatusAsync(BrokerFixture broker, string device, string? payload) =>
        ProcessRunner.RunAsync(ProcessRunner.Require("mosquitto_pub", "mosquitto-clients"),
        [
            "-h", "127.0.0.1", "-p", broker.MqttPort.ToString(CultureInfo.InvariantCulture), "-V", "mqttv5",
            "-i", device, "-u", device, "-P", broker.Secrets[device], "-q", "1", "-r",
            "-t", TopicScheme.Build(BrokerFixture.Site, device, TopicScheme.Status), .. payload is null ? new[] { "-n" } : ["-m", payload],
        ], TimeSpan.FromSeconds(20));

    /// <summary>One unlabeled value from the broker's /metrics (works for a child process too).</summary>
    private static async Task<double> MetricAsync(BrokerFixture broker, string name)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{broker.HttpPort}") };
        string text;
        try
        {
            text = await http.GetStringAsync("/metrics");
        }
        catch (HttpRequestException)
        {
            // The child's HTTP side port opens just after its MQTT listener.
            return double.NaN;
        }

        var line = text.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        return double.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture);
    }
}
