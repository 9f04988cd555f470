using MQTTnet;
using MQTTnet.Adapter;

using MQTTnet.Formatter;
using SmartMaintenance.EdgeBroker.Tests.Support;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.EdgeBroker.Tests.Mqtt;

/// <summary>Login reason codes (MQTT 5 §3.2.2.2 / 3.1.1 §3.2.2.3) against the real broker host, on both protocol versions.</summary>
public sealed class AuthenticationTests : IAsyncLifetime
{
    private readonly BrokerFixture _broker = new(devices: 3, disabledLast: true);
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
    [InlineData(MqttProtocolVersion.V311, "unknown", MqttClientConnectResultCode.BadUserNameOrPassword)]
    [InlineData(MqttProtocolVersion.V500, "unknown", MqttClientConnectResultCode.BadUserNameOrPassword)]
    [InlineData(MqttProtocolVersion.V311, "wrong-secret", MqttClientConnectResultCode.BadUserNameOrPassword)]
    [InlineData(MqttProtocolVersion.V500, "wrong-secret", MqttClientConnectResultCode.BadUserNameOrPassword)]
    [InlineData(MqttProtocolVersion.V311, "disabled", MqttClientConnectResultCode.NotAuthorized)]
    [InlineData(MqttProtocolVersion.V500, "disabled", MqttClientConnectResultCode.NotAuthorized)]
    [InlineData(MqttProtocolVersion.V311, "other-client-id", MqttClientConnectResultCode.ClientIdentifierNotValid)]
    [InlineData(MqttProtocolVersion.V500, "other-client-id", MqttClientConnectResultCode.ClientIdentifierNotValid)]
    [InlineData(MqttProtocolVersion.V311, "empty-client-id", MqttClientConnectResultCode.ClientIdentifierNotValid)]
    public async Task Connect_RefusedLogin_GetsTheRightReasonCode(MqttProtocolVersion version, string scenario, MqttClientConnectResultCode expected)
    {
        var (user, clientId, secret) = scenario switch
        {
            "unknown" => ("dev-99", "dev-99", "whatever-secret-0123456789"),
            "wrong-secret" => ("dev-1", "dev-1", "not-the-secret-0123456789"),
            "disabled" => ("dev-3", "dev-3", _broker.Secrets["dev-3"]),
            "other-client-id" => ("dev-1", "dev-2", _broker.Secrets["dev-1"]),
            _ => ("dev-1", "", _broker.Secrets["dev-1"]),
        };

        var code = await _broker.ConnectResultAsync(user, version, clientId, secret);

        Assert.Equal(expected, code);
        Assert.Equal(1, _broker.Metrics.ConnectionsRefused);
    }

    [Fact]
    public async Task Connect_EmptyClientIdOnMqtt5_IsAssignedTheDeviceId()
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", _broker.MqttPort).WithClientId("")
            .WithCredentials("dev-1", _broker.Secrets["dev-1"]).WithProtocolVersion(MqttProtocolVersion.V500).Build());

        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        Assert.Equal("dev-1", result.AssignedClientIdentifier);
    }

    [Fact]
    public async Task Connect_SameClientIdTwice_NewerReplacesOlderAndIsCounted()
    {
        using var first = await _broker.ConnectAsync("dev-1");
        var firstDropped = new TaskCompletionSource<MqttClientDisconnectedEventArgs>();
        first.DisconnectedAsync += e => { firstDropped.TrySetResult(e); return Task.CompletedTask; };

        using var second = await _broker.ConnectAsync("dev-1");

        var dropped = await firstDropped.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(MqttClientDisconnectReason.SessionTakenOver, dropped.Reason);
        Assert.True(second.IsConnected);
        await Eventually.WaitForAsync(() => Task.FromResult(_broker.Metrics.Takeovers), t => t == 1, TimeSpan.FromSeconds(5), "one takeover");
        // MQTTnet raises the new client's connected event independently of the CONNACK the client already has.
        await Eventually.WaitForAsync(() => Task.FromResult(_broker.Metrics.Connected), n => n == 1, TimeSpan.FromSeconds(5), "one connected device");
    }
}
