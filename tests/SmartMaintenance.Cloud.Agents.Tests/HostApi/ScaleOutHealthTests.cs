using System.Text.Json;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.Tests.Bus.JetStream;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Agents.Tests.HostApi;

/// <summary>/health's scaleOut section on the real cloud host: the default in-process bus, and the JetStream bus.</summary>
public sealed class ScaleOutHealthTests
{
    private static async Task<JsonElement> ScaleOutAsync(AgentsCloud cloud)
    {
        using var health = JsonDocument.Parse(await cloud.Http.GetStringAsync("/health"));
        return health.RootElement.GetProperty("scaleOut").Clone();
    }

    [Fact]
    public async Task Health_DefaultTransport_ChannelsEveryPartitionLocal()
    {
        await using var cloud = await AgentsCloud.StartAsync();

        var scaleOut = await ScaleOutAsync(cloud);

        Assert.Equal("Channels", scaleOut.GetProperty("transport").GetString());
        Assert.Equal("local", scaleOut.GetProperty("leaseState").GetString());
        var owned = scaleOut.GetProperty("ownedPartitions");
        Assert.Equal(4, owned.GetProperty("ReadingReceived->ValidationAgent").GetArrayLength()); // Cloud:Agents:Bus:Partitions default
        Assert.Equal(1, owned.GetProperty("IncidentResolved->LearningAgent").GetArrayLength());
    }

    [Fact]
    public async Task Health_JetStreamTransport_InstanceHoldsEveryPartitionOfEverySubscription()
    {
        await using var nats = await NatsServer.StartAsync();
        await using var cloud = await AgentsCloud.StartAsync(false, "--Cloud:Agents:Bus:Transport=JetStream",
            $"--Cloud:Agents:Bus:JetStream:Url={nats.Url}", "--Cloud:Agents:Bus:JetStream:InstanceId=cloud-a",
            "--Cloud:Agents:Bus:JetStream:Partitions=3", "--Cloud:Agents:Bus:JetStream:HeartbeatInterval=00:00:00.3",
            "--Cloud:Agents:Bus:JetStream:LeaseTtl=00:00:01.5");
        var subscriptions = cloud.Get<PipelineDefinition>().Subscriptions;
        var expected = subscriptions.Sum(s => s.Ordering == Ordering.Total ? 1 : 3);

        var scaleOut = await Eventually.WaitForAsync(() => ScaleOutAsync(cloud),
            s => s.GetProperty("ownedPartitions").EnumerateObject().Sum(p => p.Value.GetArrayLength()) == expected,
            TimeSpan.FromSeconds(60), "every partition of every subscription leased");

        Assert.Equal("JetStream", scaleOut.GetProperty("transport").GetString());
        Assert.Equal("cloud-a", scaleOut.GetProperty("instanceId").GetString());
        Assert.Equal("connected", scaleOut.GetProperty("leaseState").GetString());
        Assert.Equal(["cloud-a"], scaleOut.GetProperty("instances").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal([0, 1, 2], scaleOut.GetProperty("ownedPartitions").GetProperty("ReadingValidated->AnomalyDetectionAgent")
            .EnumerateArray().Select(p => p.GetInt32()));
    }
}
