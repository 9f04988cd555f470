using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.Bus.JetStream;

namespace SmartMaintenance.Cloud.Agents.Tests.Bus.JetStream;

/// <summary>
/// One cloud instance's agent services on the JetStream transport (its own NATS connection, leases and database
/// file), running the bus like the host does. Several in one test process share a server and a StreamPrefix.
/// </summary>
internal sealed class JetStreamInstance : IAsyncDisposable
{
    public const int Partitions = 4;

    private readonly AgentHarness _harness;
    private readonly IHostedService _bus;
    private bool _stopped;

    private JetStreamInstance(AgentHarness harness, IHostedService bus)
    {
        _harness = harness;
        _bus = bus;
    }

    public AgentHarness Harness => _harness;

    public IPartitionOwnership Ownership => _harness.Get<IPartitionOwnership>();

    public IEventBus Bus => _harness.Get<IEventBus>();

    public static async Task<JetStreamInstance> StartAsync(string url, string prefix, string instanceId, PipelineDefinition pipeline,
        Action<IServiceCollection>? configure = null, int maxAttempts = 3)
    {
        var harness = await AgentHarness.CreateAsync(TimeProvider.System, settings: new()
        {
            ["Cloud:Agents:Bus:Transport"] = "JetStream",
            ["Cloud:Agents:Bus:MaxAttempts"] = maxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Cloud:Agents:Bus:InitialBackoff"] = "00:00:00.001",
            ["Cloud:Agents:Bus:JetStream:Url"] = url,
            ["Cloud:Agents:Bus:JetStream:StreamPrefix"] = prefix,
            ["Cloud:Agents:Bus:JetStream:InstanceId"] = instanceId,
            ["Cloud:Agents:Bus:JetStream:Partitions"] = Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Short, so takeovers happen within a test; the ratio is the production one (5 heartbeats per lease).
            ["Cloud:Agents:Bus:JetStream:LeaseTtl"] = "00:00:01.5",
            ["Cloud:Agents:Bus:JetStream:HeartbeatInterval"] = "00:00:00.3",
        }, configure: s =>
        {
            s.AddSingleton(pipeline);
            configure?.Invoke(s);
        });
        var bus = harness.Services.GetServices<IHostedService>().Single(h => h.GetType().Name == "EventBusService");
        await bus.StartAsync(CancellationToken.None);
        return new JetStreamInstance(harness, bus);
    }

    /// <summary>Partitions of the subscription this instance holds a lease on.</summary>
    public IReadOnlyList<int> Owned(string subscription) =>
        Ownership.Status().OwnedPartitions.TryGetValue(subscription, out var owned) ? owned : [];

    /// <summary>
    /// A crash (kill -9) as far as the cluster can tell: the NATS connection goes away, so nothing is released,
    /// acknowledged or renewed any more; the leases expire on the server after LeaseTtl. The instance's own loops
    /// keep failing quietly until the test disposes it.
    /// </summary>
    public ValueTask CrashAsync() => _harness.Get<JetStreamClient>().DisposeAsync();

    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _bus.StopAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _harness.DisposeAsync();
    }
}
