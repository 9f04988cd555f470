using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Agents.Tests.Bus.JetStream;

/// <summary>One real nats-server per test class; each test uses its own StreamPrefix, so they never share a stream.</summary>
public sealed class NatsServerFixture : IAsyncLifetime
{
    public NatsServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await NatsServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..10];
}
