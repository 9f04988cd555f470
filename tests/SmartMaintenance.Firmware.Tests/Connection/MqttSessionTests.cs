using SmartMaintenance.Firmware.Core.Config;
using SmartMaintenance.Firmware.Core.Connection;
using SmartMaintenance.Firmware.Core.Filtering;
using SmartMaintenance.Firmware.Core.Network;
using SmartMaintenance.Firmware.Core.Platform;
using SmartMaintenance.Firmware.Core.Reliability;
using SmartMaintenance.Firmware.Core.Telemetry;
using SmartMaintenance.Firmware.Tests.Fakes;

namespace SmartMaintenance.Firmware.Tests.Connection;

/// <summary>
/// The board's transport (MqttSession over one client per attempt) under the real supervisor: a refused or
/// timed-out CONNACK must release its client, and an event of an old client must not touch the new one.
/// </summary>
public sealed class MqttSessionTests
{
    private readonly FakeClock _clock = new();
    private readonly FakeLink _link = new();
    private readonly FakeConnectionFactory _factory = new();
    private readonly Outbox _outbox = new(16, 256);
    private readonly SamplePipeline _pipeline;
    private readonly MqttSession _session;
    private readonly ConnectionSupervisor _supervisor;

    public MqttSessionTests()
    {
        _pipeline = new SamplePipeline("dev-1", _clock, new SequenceCounter(new MemoryStore(), "seq", 100), _outbox, new DeviceSettings(), 2);
        _pipeline.PublishEverySample = true;
        _pipeline.AddChannel("temp", "temperature", "K", new FilterOptions());
        _session = new MqttSession(_factory, 10_000);
        var options = new SupervisorOptions { BackoffBaseMs = 1000, BackoffCapMs = 4000, HttpFallbackAfterMs = 0 };
        _supervisor = new ConnectionSupervisor("plant-1", "dev-1", _clock, _link, _session, null, _outbox,
            new Backoff(new XorShiftRandom(3), options.BackoffBaseMs, options.BackoffCapMs), new RemoteConfigHandler(_pipeline), options);
    }

    [Fact]
    public void Open_RefusedConnacksDuringOutage_DisposesEveryFailedClientAndKeepsAtMostOneAlive()
    {
        _factory.Answer(false, false, false, false, true);
        _supervisor.Open();

        for (var i = 0; i < 400 && _supervisor.State != SupervisorState.Online; i++)
        {
            _clock.Advance(100);
            _supervisor.Tick();
            Assert.True(_factory.Live <= 1, $"{_factory.Live} clients alive at once");
        }

        Assert.Equal(SupervisorState.Online, _supervisor.State);
        Assert.Equal(5, _factory.Created.Count);
        Assert.All(_factory.Created.Take(4), c => Assert.True(c.Disposed, $"client of attempt {c.Session} was not released"));
        Assert.False(_factory.Created[4].Disposed);
        Assert.Equal(1, _factory.Live);
        Assert.Equal(_session.ClientsCreated - 1, _session.ClientsDisposed);
    }

    [Fact]
    public void OnPublishAcknowledged_LatePubackOfOldClient_DoesNotReleaseTheNewClientsEntryWithTheSameId()
    {
        _supervisor.Open();
        RunUntilOnline();
        _pipeline.Record(0, 300f);
        RunTicks(1);
        var first = _factory.Created[^1];
        var sent = Assert.Single(first.Published, p => p.Topic.EndsWith("/telemetry", StringComparison.Ordinal));

        // The connection drops before the PUBACK; the supervisor reconnects with a new client and resends.
        first.Drop();
        RunUntilOnline();
        var second = _factory.Created[^1];
        Assert.NotSame(first, second);
        Assert.True(first.Disposed);
        var resent = Assert.Single(second.Published, p => p.Topic.EndsWith("/telemetry", StringComparison.Ordinal));
        Assert.Equal(sent.Payload, resent.Payload);
        Assert.Equal(sent.Id, resent.Id);   // ids restart per client: the collision is real
        Assert.Equal(1, _outbox.InFlight);

        // The old client's PUBACK for that id arrives late: it must not release the new client's entry.
        first.Ack(sent.Id);
        Assert.Equal(1, _outbox.InFlight);
        Assert.Equal(1, _outbox.Count);
        Assert.Equal(1, _supervisor.StaleEvents);

        second.Ack(resent.Id);
        Assert.Equal(0, _outbox.Count);
    }

    [Fact]
    public void OnConnectionClosed_FromOldClientAfterReconnect_IsIgnored()
    {
        _supervisor.Open();
        RunUntilOnline();
        var first = _factory.Created[^1];
        first.Drop();
        RunUntilOnline();

        first.Drop();   // a second close event of the old client, e.g. from its dispatch thread

        Assert.Equal(SupervisorState.Online, _supervisor.State);
        Assert.Equal(1, _supervisor.Disconnects);
    }

    [Fact]
    public void Close_OnlineSession_DisposesTheClient()
    {
        _supervisor.Open();
        RunUntilOnline();

        _supervisor.Close();

        Assert.All(_factory.Created, c => Assert.True(c.Disposed));
        Assert.Equal(0, _factory.Live);
    }

    private void RunUntilOnline()
    {
        for (var i = 0; i < 1000 && _supervisor.State != SupervisorState.Online; i++)
        {
            RunTicks(1);
        }

        Assert.Equal(SupervisorState.Online, _supervisor.State);
    }

    private void RunTicks(int n)
    {
        for (var i = 0; i < n; i++)
        {
            _clock.Advance(100);
            _supervisor.Tick();
        }
    }
}
