using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;
using SmartMaintenance.EdgeBroker.Devices;
using SmartMaintenance.EdgeBroker.Tests.Support;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.EdgeBroker.Tests.Hostile;

/// <summary>
/// Issue 13, finding 5 (MQTT side), real MQTTnet clients against the real broker host: failed logins are throttled
/// per client address and per device id (0x9F Connection rate exceeded, counted), a throttled login is refused
/// without checking the secret, other devices keep logging in, and a wrong login costs one PBKDF2 whether or not
/// the device id exists.
/// </summary>
public sealed class CredentialAttackTests : IAsyncLifetime
{
    private const string Wrong = "not-the-secret-0123456789";
    private readonly BrokerFixture _broker = new(devices: 2);
    private RecordingCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await RecordingCloud.StartAsync(FreePort.Get());

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        await _cloud.DisposeAsync();
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V500, MqttClientConnectResultCode.ConnectionRateExceeded)]
    [InlineData(MqttProtocolVersion.V311, MqttClientConnectResultCode.ServerUnavailable)]
    public async Task Connect_WrongSecretPastTheDeviceBudget_IsThrottledEvenWithTheRightSecretOtherDevicesStillLogIn(
        MqttProtocolVersion version, MqttClientConnectResultCode throttled)
    {
        await _broker.StartInProcessAsync(_cloud.Url, "--Broker:Mqtt:Auth:MaxFailuresPerDevice=3", "--Broker:Mqtt:Auth:MaxFailuresPerAddress=100",
            "--Broker:Mqtt:Auth:Window=00:10:00");
        var registry = _broker.App.Services.GetRequiredService<DeviceRegistry>();

        var codes = new List<MqttClientConnectResultCode>();
        for (var i = 0; i < 3; i++)
        {
            codes.Add(await _broker.ConnectResultAsync("dev-1", version, "dev-1", Wrong));
        }

        var hashesBefore = registry.HashVerifications;
        var guessed = await _broker.ConnectResultAsync("dev-1", version, "dev-1", _broker.Secrets["dev-1"]);
        var other = await _broker.ConnectResultAsync("dev-2", version, "dev-2", _broker.Secrets["dev-2"]);

        Assert.All(codes, c => Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, c));
        Assert.Equal(throttled, guessed);
        Assert.Equal(MqttClientConnectResultCode.Success, other);
        // The throttled login did not run PBKDF2 (dev-2's did).
        Assert.Equal(hashesBefore + 1, registry.HashVerifications);
        Assert.Equal(1, _broker.Metrics.AuthThrottledCount);
        Assert.Equal(4, _broker.Metrics.ConnectionsRefused);
    }

    [Fact]
    public async Task Connect_ManyUnknownDevicesFromOneAddress_AreThrottledPerAddress()
    {
        await _broker.StartInProcessAsync(_cloud.Url, "--Broker:Mqtt:Auth:MaxFailuresPerAddress=5", "--Broker:Mqtt:Auth:Window=00:10:00");

        var codes = new List<MqttClientConnectResultCode>();
        for (var i = 0; i < 8; i++)
        {
            codes.Add(await _broker.ConnectResultAsync($"guess-{i}", MqttProtocolVersion.V500, $"guess-{i}", Wrong));
        }

        Assert.Equal(Enumerable.Repeat(MqttClientConnectResultCode.BadUserNameOrPassword, 5), codes.Take(5));
        Assert.Equal(Enumerable.Repeat(MqttClientConnectResultCode.ConnectionRateExceeded, 3), codes.Skip(5));
        Assert.Equal(3, _broker.Metrics.AuthThrottledCount);
    }

    [Fact]
    public async Task Connect_UnknownAndKnownDeviceWithWrongSecret_CostOnePbkdf2Each()
    {
        await _broker.StartInProcessAsync(_cloud.Url);
        var registry = _broker.App.Services.GetRequiredService<DeviceRegistry>();

        var before = registry.HashVerifications;
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await _broker.ConnectResultAsync("dev-404", MqttProtocolVersion.V500, "dev-404", Wrong));
        var unknown = registry.HashVerifications - before;
        before = registry.HashVerifications;
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await _broker.ConnectResultAsync("dev-1", MqttProtocolVersion.V500, "dev-1", Wrong));
        var known = registry.HashVerifications - before;

        Assert.Equal(1, unknown);
        Assert.Equal(1, known);
    }
}
