using System.Net;
using System.Text;
using MQTTnet;
using MQTTnet.Protocol;
using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;
using SmartMaintenance.EdgeBroker.Tests.Support;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.EdgeBroker.Tests.Mqtt;

/// <summary>Birth message, last will and readiness, as operators and the cloud see them.</summary>
public sealed class DeviceStatusTests : IAsyncLifetime
{
    private static readonly MqttClientPublishReasonCode[] Accepted = [MqttClientPublishReasonCode.Success, MqttClientPublishReasonCode.NoMatchingSubscribers];

    private readonly BrokerFixture _broker = new(devices: 2);
    private RecordingCloud _cloud = null!;

    public async Task InitializeAsync()
    {
        _cloud = await RecordingCloud.StartAsync(FreePort.Get());
        await _broker.StartInProcessAsync(_cloud.Url);
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        await _cloud.DisposeAsync();
    }

    [Fact]
    public async Task LastWill_DeviceDropsWithoutDisconnect_OfflineStatusIsReportedToTheCloud()
    {
        var status = TopicScheme.Build(BrokerFixture.Site, "dev-1", TopicScheme.Status);
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", _broker.MqttPort).WithClientId("dev-1").WithCredentials("dev-1", _broker.Secrets["dev-1"])
            .WithWillTopic(status).WithWillPayload(Encoding.UTF8.GetBytes("""{"v":1,"on":0}""")).WithWillRetain()
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        await client.PublishAsync(BrokerFixture.Message(status, """{"v":1,"on":1}"""));

        // Dispose without DISCONNECT: to the broker this is a dropped connection, so it publishes the will.
        client.Dispose();

        // Two status messages went through the broker's status handling: the birth message and the will.
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_broker.HttpPort}") };
        await Eventually.WaitForAsync(() => http.GetStringAsync("/metrics"), m => m.Contains("sm_broker_messages_in_total{kind=\"status\"} 2"),
            TimeSpan.FromSeconds(20), "the birth message and the last will handled");
        await Eventually.WaitForAsync(() => Task.FromResult(_cloud.Events.Count(e => e.DeviceId == "dev-1" && e.Kind == DeviceEventKinds.Offline)),
            n => n >= 1, TimeSpan.FromSeconds(20), "an offline event for dev-1");
        Assert.Contains(_cloud.Events, e => e.DeviceId == "dev-1" && e.Kind == DeviceEventKinds.Online);
    }

    [Fact]
    public async Task Birth_WithFirmwareAndRunningConfig_IsReportedToTheCloudMalformedPartsLeftOut()
    {
        using var client = await _broker.ConnectAsync("dev-1");
        var status = TopicScheme.Build(BrokerFixture.Site, "dev-1", TopicScheme.Status);

        var ok = await client.PublishAsync(BrokerFixture.Message(status,
            """{"v":1,"dev":"dev-1","on":1,"cv":0,"up":4000,"fw":"1.6.0","cfg":4,"zk":2.5,"zh":0.5,"wu":30,"sp":500,"sum":60,"dis":["vib"]}"""));
        // Accepted (nobody subscribes to the status here, so MQTT 5 says "no matching subscribers"), not refused.
        Assert.Contains(ok.ReasonCode, Accepted);
        var report = await Eventually.WaitForAsync(() => Task.FromResult(_cloud.Events.FirstOrDefault(e => e.DeviceId == "dev-1" && e.FirmwareVersion is not null)),
            e => e is not null, TimeSpan.FromSeconds(20), "an online event with the firmware version");
        Assert.Equal(DeviceEventKinds.Online, report!.Kind);
        Assert.Equal("1.6.0", report.FirmwareVersion);
        Assert.Equal((4L, 2.5, 500), (report.ReportedConfig!.Version, report.ReportedConfig.ZThreshold!.Value, report.ReportedConfig.SamplePeriodMs!.Value));
        Assert.Equal(["vib"], report.ReportedConfig.DisabledSensors);

        // Older firmware (no fw, no cfg) and a malformed fw: still a valid status, reported without the report.
        var events = _cloud.Events.Count;
        var odd = await client.PublishAsync(BrokerFixture.Message(status, """{"v":1,"on":1,"fw":5}"""));
        Assert.Contains(odd.ReasonCode, Accepted);
        await Eventually.WaitForAsync(() => Task.FromResult(_cloud.Events.Count), n => n > events, TimeSpan.FromSeconds(20), "the second online event");
        var plain = _cloud.Events.Skip(events).First(e => e.DeviceId == "dev-1");
        Assert.Equal(DeviceEventKinds.Online, plain.Kind);
        Assert.Null(plain.FirmwareVersion);
        Assert.Null(plain.ReportedConfig);
        Assert.Equal(0, _broker.Metrics.DeadLetters);
    }

    [Fact]
    public async Task Status_NotAStatusObject_IsDeadLettered()
    {
        using var client = await _broker.ConnectAsync("dev-2");

        var result = await client.PublishAsync(BrokerFixture.Message(TopicScheme.Build(BrokerFixture.Site, "dev-2", TopicScheme.Status), "online!"));

        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, result.ReasonCode);
        Assert.Equal(1, _broker.Metrics.DeadLetters);
    }

    [Fact]
    public async Task HealthReady_CloudReachableAndOutboxWritable_IsOk()
    {
        using var client = await _broker.ConnectAsync("dev-2");
        await client.PublishAsync(BrokerFixture.Message(BrokerFixture.Telemetry("dev-2"), BrokerFixture.Reading("dev-2", 1)));
        await Eventually.WaitForAsync(() => Task.FromResult(_cloud.Stored.Count), n => n == 1, TimeSpan.FromSeconds(10), "one forwarded reading");
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_broker.HttpPort}") };

        var live = await http.GetAsync("/health");
        var ready = await http.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("\"outboxWritable\":true", await ready.Content.ReadAsStringAsync());
    }
}
