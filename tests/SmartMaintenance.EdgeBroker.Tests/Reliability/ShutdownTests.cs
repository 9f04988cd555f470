using SmartMaintenance.EdgeBroker.Tests.Support;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.EdgeBroker.Tests.Reliability;

/// <summary>Graceful shutdown: stop accepting, flush the outbox, drain to the cloud within DrainTimeout; the rest survives on disk.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task Stop_WithBacklogAndCloudBack_DrainsEverythingBeforeExiting()
    {
        await using var broker = new BrokerFixture(devices: 1);
        await using var cloud = await RecordingCloud.StartAsync(FreePort.Get());
        await broker.StartInProcessAsync(cloud.Url, "--Broker:Cloud:DrainTimeout=00:00:20");
        await cloud.StopAsync();
        using (var client = await broker.ConnectAsync("dev-1"))
        {
            for (var seq = 1; seq <= 50; seq++)
            {
                Assert.True((await client.PublishAsync(BrokerFixture.Message(BrokerFixture.Telemetry("dev-1"), BrokerFixture.Reading("dev-1", seq)))).IsSuccess);
            }
        }

        await Eventually.WaitForAsync(() => Task.FromResult(broker.Metrics.ForwardFailures), n => n >= 1, TimeSpan.FromSeconds(10), "a failed forward");
        await cloud.StartAsync();

        await broker.StopInProcessAsync();

        Assert.Equal(50, cloud.Stored.Count);
    }

    [Fact]
    public async Task Stop_CloudStillDown_LeavesTheBacklogOnDiskForTheNextStart()
    {
        await using var broker = new BrokerFixture(devices: 1);
        var cloudPort = FreePort.Get();
        var cloudUrl = $"http://127.0.0.1:{cloudPort}";
        await broker.StartInProcessAsync(cloudUrl, "--Broker:Cloud:DrainTimeout=00:00:00.200");
        using (var client = await broker.ConnectAsync("dev-1"))
        {
            for (var seq = 1; seq <= 30; seq++)
            {
                Assert.True((await client.PublishAsync(BrokerFixture.Message(BrokerFixture.Telemetry("dev-1"), BrokerFixture.Reading("dev-1", seq)))).IsSuccess);
            }
        }

        await broker.StopInProcessAsync();
        await using var cloud = await RecordingCloud.StartAsync(cloudPort);
        await broker.StartInProcessAsync(cloud.Url);

        await Eventually.WaitForAsync(() => Task.FromResult(cloud.Stored.Count), n => n == 30, TimeSpan.FromSeconds(20), "the backlog forwarded after restart");
        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), cloud.StoredOrder.Select(k => k.Sequence));
    }
}
