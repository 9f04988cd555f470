using MQTTnet;
using MQTTnet.Adapter;

using SmartMaintenance.Contracts;
using SmartMaintenance.EdgeBroker.Devices;
using SmartMaintenance.EdgeBroker.Tests.Support;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.EdgeBroker.Tests.Mqtt;

/// <summary>The device registry follows the cloud when it is reachable; the local file stays the source when it is not.</summary>
public sealed class RegistrySyncTests
{
    [Fact]
    public async Task Sync_CloudAddsAndDisablesDevices_LocalFileAndLoginsFollow()
    {
        await using var broker = new BrokerFixture(devices: 1);
        await using var cloud = await RecordingCloud.StartAsync(FreePort.Get());
        await broker.StartInProcessAsync(cloud.Url);
        var newSecret = DeviceSecretHasher.NewSecret();

        cloud.Sync = new BrokerSyncResponse
        {
            Devices =
            [
                new DeviceRegistryEntry { DeviceId = "dev-1", Site = BrokerFixture.Site, Enabled = false, SecretHash = DeviceSecretHasher.Hash(broker.Secrets["dev-1"]) },
                new DeviceRegistryEntry { DeviceId = "dev-7", Site = BrokerFixture.Site, Enabled = true, SecretHash = DeviceSecretHasher.Hash(newSecret) },
            ],
        };

        await Eventually.WaitForAsync(() => Task.FromResult(DeviceRegistry.Load(broker.DevicesFile).Devices.Count), n => n == 2, TimeSpan.FromSeconds(10), "the synced device file");
        // The sync writes the file, then reloads the in-memory registry, then counts itself: a sync counted after the
        // file was seen ends after that reload (syncs run one at a time). Logging in right after the file changed
        // could race the reload and be refused as an unknown device (seen once on a loaded machine).
        var syncsWhenWritten = broker.Metrics.Syncs;
        await Eventually.WaitForAsync(() => Task.FromResult(broker.Metrics.Syncs), n => n > syncsWhenWritten, TimeSpan.FromSeconds(10), "the sync that wrote the file to finish");
        using var added = await broker.ConnectAsync("dev-7", secret: newSecret);
        Assert.True(added.IsConnected);
        var refused = await broker.ConnectResultAsync("dev-1", MQTTnet.Formatter.MqttProtocolVersion.V500, "dev-1", broker.Secrets["dev-1"]);
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, refused);
        Assert.DoesNotContain(newSecret, await File.ReadAllTextAsync(broker.DevicesFile));
    }

    [Fact]
    public async Task Sync_CloudWithoutSyncEndpoint_KeepsTheLocalDevices()
    {
        await using var broker = new BrokerFixture(devices: 1);
        await using var cloud = await RecordingCloud.StartAsync(FreePort.Get());
        await broker.StartInProcessAsync(cloud.Url);
        var before = await File.ReadAllTextAsync(broker.DevicesFile);

        await Eventually.WaitForAsync(() => Task.FromResult(broker.Metrics.SyncFailures), n => n >= 3, TimeSpan.FromSeconds(10), "three syncs answered 404");

        Assert.Equal(before, await File.ReadAllTextAsync(broker.DevicesFile));
        using var client = await broker.ConnectAsync("dev-1");
        Assert.True(client.IsConnected);
    }
}
