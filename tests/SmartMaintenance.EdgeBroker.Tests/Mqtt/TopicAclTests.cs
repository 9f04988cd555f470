using System.Text;
using MQTTnet;
using MQTTnet.Protocol;
using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;
using SmartMaintenance.EdgeBroker.Tests.Support;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.EdgeBroker.Tests.Mqtt;

/// <summary>A device publishes only to its own telemetry, status and config/ack, and subscribes only to its own config.</summary>
public sealed class TopicAclTests : IAsyncLifetime
{
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

    [Theory]
    [InlineData("sm/v1/plant-1/dev-2/telemetry")]
    [InlineData("sm/v1/plant-2/dev-1/telemetry")]
    [InlineData("sm/v1/plant-1/dev-1/config")]
    [InlineData("sm/v1/plant-1/dev-1/other")]
    [InlineData("random/topic")]
    public async Task Publish_ForeignTopic_IsNotAuthorizedAndCounted(string topic)
    {
        using var client = await _broker.ConnectAsync("dev-1");

        var result = await client.PublishAsync(BrokerFixture.Message(topic, BrokerFixture.Reading("dev-1", 1)));

        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, result.ReasonCode);
        Assert.Equal(1, _broker.Metrics.AclDenied);
        Assert.True(client.IsConnected);
    }

    [Theory]
    [InlineData("telemetry")]
    [InlineData("status")]
    [InlineData("config/ack")]
    public async Task Publish_OwnChannel_IsAccepted(string channel)
    {
        using var client = await _broker.ConnectAsync("dev-1");
        var payload = channel switch
        {
            "telemetry" => BrokerFixture.Reading("dev-1", 1),
            "status" => """{"v":1,"on":1}""",
            _ => """{"v":1,"cfg":3,"ok":true}""",
        };

        var result = await client.PublishAsync(BrokerFixture.Message(TopicScheme.Build(BrokerFixture.Site, "dev-1", channel), payload));

        // Success, or 0x10 No matching subscribers for the status message nobody subscribes to (also a success, MQTT 5 §3.4.2.1).
        Assert.True(result.IsSuccess, result.ReasonCode.ToString());
        Assert.Equal(0, _broker.Metrics.AclDenied);
    }

    [Theory]
    [InlineData("sm/v1/plant-1/dev-2/config")]
    [InlineData("sm/v1/plant-1/+/config")]
    [InlineData("sm/v1/#")]
    [InlineData("sm/v1/plant-1/dev-1/telemetry")]
    public async Task Subscribe_ForeignFilter_IsNotAuthorized(string filter)
    {
        using var client = await _broker.ConnectAsync("dev-1");

        var result = await client.SubscribeAsync(filter);

        Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, Assert.Single(result.Items).ResultCode);
        Assert.Equal(1, _broker.Metrics.AclDenied);
    }

    [Fact]
    public async Task Subscribe_OwnConfig_ReceivesTheRetainedDesiredConfigFromTheCloud()
    {
        _cloud.Sync = new BrokerSyncResponse
        {
            Configs = [new DesiredDeviceConfig { DeviceId = "dev-1", Site = BrokerFixture.Site, Config = new DeviceConfig { Version = 7, ZThreshold = 2.5, DisabledSensors = ["vibration"] } }],
        };
        await Eventually.WaitForAsync(() => Task.FromResult(_broker.Metrics.ConfigsPublished), n => n >= 1, TimeSpan.FromSeconds(10), "config published");
        using var client = await _broker.ConnectAsync("dev-1");
        var received = new TaskCompletionSource<MqttApplicationMessage>();
        client.ApplicationMessageReceivedAsync += e => { received.TrySetResult(e.ApplicationMessage); return Task.CompletedTask; };

        var result = await client.SubscribeAsync(TopicScheme.Build(BrokerFixture.Site, "dev-1", TopicScheme.Config), MqttQualityOfServiceLevel.AtLeastOnce);

        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, Assert.Single(result.Items).ResultCode);
        var message = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(message.Retain);
        var config = System.Text.Json.JsonSerializer.Deserialize(Encoding.UTF8.GetString(message.Payload), ContractsJsonContext.Default.DeviceConfig);
        Assert.Equal(7, config!.Version);
        Assert.Equal(2.5, config.ZThreshold);
        Assert.Equal(["vibration"], config.DisabledSensors!);
    }

    [Fact]
    public async Task ConfigAck_FromDevice_IsReportedToTheCloudAsAnEvent()
    {
        using var client = await _broker.ConnectAsync("dev-1");

        await client.PublishAsync(BrokerFixture.Message(TopicScheme.Build(BrokerFixture.Site, "dev-1", TopicScheme.ConfigAck), """{"v":1,"cfg":9,"ok":false,"err":"threshold too low"}"""));

        var events = await Eventually.WaitForAsync(() => Task.FromResult(_cloud.Events.ToArray()),
            e => e.Any(x => x.Kind == DeviceEventKinds.ConfigAck), TimeSpan.FromSeconds(10), "config ack event");
        var ack = events.Single(x => x.Kind == DeviceEventKinds.ConfigAck);
        Assert.Equal("dev-1", ack.DeviceId);
        Assert.Equal(9, ack.ConfigVersion);
        Assert.False(ack.Applied);
        Assert.Equal("threshold too low", ack.Error);
        Assert.Contains(events, x => x.Kind == DeviceEventKinds.Online && x.DeviceId == "dev-1");
    }
}
