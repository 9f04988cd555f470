using System.Text;
using MQTTnet;
using SmartMaintenance.Contracts.Wire;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.EndToEnd.Tests;

/// <summary>
/// A real third-party MQTT client (mosquitto_pub from apt) against our broker. mosquitto 2.x sends an empty
/// client id unless given -i, and MQTT 3.1.1 forbids an empty id with clean session off, so -i is passed.
/// </summary>
public sealed class MosquittoInteropTests : IAsyncLifetime
{
    private SystemUnderTest _system = null!;

    public async Task InitializeAsync() => _system = await SystemUnderTest.StartAsync(null, devices: 2);

    public async Task DisposeAsync() => await _system.DisposeAsync();

    private Task<ProcessRunner.Result> PublishAsync(string device, string password, string topic, string payload, string protocol = "mqttv311") =>
        ProcessRunner.RunAsync(ProcessRunner.Require("mosquitto_pub", "mosquitto-clients"),
        [
            "-h", "127.0.0.1", "-p", _system.MqttPort.ToString(), "-V", protocol,
            "-i", device, "-u", device, "-P", password, "-q", "1",
            "-t", topic, "-m", payload,
        ], TimeSpan.FromSeconds(20));

    [Fact]
    public async Task MosquittoPub_ValidMessage_IsStoredWithItsValues()
    {
        var payload = """{"v":1,"dev":"dev-1","seq":42,"ts":1764000000000,"cv":1,"up":5000,"sid":"air-temp","st":"temperature","u":"K","k":"r","val":301.25}""";

        var result = await PublishAsync("dev-1", _system.Secrets["dev-1"], TopicScheme.Build(SystemUnderTest.Site, "dev-1", TopicScheme.Telemetry), payload);

        Assert.True(result.ExitCode == 0, result.Error);
        var stored = Assert.Single(await _system.WaitForReadingsAsync(1));
        Assert.Equal("dev-1", stored.DeviceId);
        Assert.Equal(42, stored.Sequence);
        Assert.Equal("air-temp", stored.SensorId);
        Assert.Equal("temperature", stored.SensorType);
        Assert.Equal("K", stored.Unit);
        Assert.Equal(301.25, stored.Value);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764000000000), stored.Timestamp);
    }

    [Theory]
    [InlineData("mqttv311")]
    [InlineData("mqttv5")]
    public async Task MosquittoPub_WrongPassword_IsRefused(string protocol)
    {
        var result = await PublishAsync("dev-1", "not-the-secret-at-all", TopicScheme.Build(SystemUnderTest.Site, "dev-1", TopicScheme.Telemetry), "{}", protocol);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("bad user name or password", result.Error + result.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, _system.BrokerMetrics.ConnectionsRefused);
        Assert.Empty(await _system.AllReadingsAsync());
    }

    [Fact]
    public async Task MqttClient_MalformedJson_IsCountedAndBrokerKeepsServing()
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", _system.MqttPort)
            .WithClientId("dev-2")
            .WithCredentials("dev-2", _system.Secrets["dev-2"])
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500)
            .Build());
        var topic = TopicScheme.Build(SystemUnderTest.Site, "dev-2", TopicScheme.Telemetry);

        var bad = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic)
            .WithPayload(Encoding.UTF8.GetBytes("{\"v\":1,\"dev\":\"dev-2\",\"seq\":")).WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build());
        var good = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic)
            .WithPayload(Encoding.UTF8.GetBytes("""{"v":1,"dev":"dev-2","seq":1,"cv":0,"up":10,"sid":"speed","st":"rotational_speed","u":"rpm","k":"r","val":1500}"""))
            .WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce).Build());

        Assert.Equal(MqttClientPublishReasonCode.PayloadFormatInvalid, bad.ReasonCode);
        Assert.True(good.IsSuccess);
        Assert.Equal(1, _system.BrokerMetrics.MessagesInvalid);
        var stored = Assert.Single(await _system.WaitForReadingsAsync(1));
        Assert.Equal(1500, stored.Value);
        Assert.True(client.IsConnected);
    }
}
