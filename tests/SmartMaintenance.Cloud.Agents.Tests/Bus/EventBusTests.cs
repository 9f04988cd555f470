using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Agents.Tests.Bus;

public sealed record TestHappened(EventMeta Meta, string Payload) : AgentEvent(Meta);

/// <summary>Fails the first FailuresLeft deliveries, then records what it handled.</summary>
public sealed class FlakyHandler : IEventHandler<TestHappened>
{
    public int FailuresLeft;
    public readonly List<string> Handled = [];

    public Task HandleAsync(TestHappened e, CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref FailuresLeft) >= 0)
        {
            throw new InvalidOperationException("downstream unavailable");
        }

        lock (Handled)
        {
            Handled.Add(e.Payload);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Fails every delivery for sensor "bad" while FailBad is set; records the others' reading ids.</summary>
public sealed class SensorRecorder : IEventHandler<ReadingValidated>
{
    public volatile bool FailBad = true;
    public readonly ConcurrentQueue<string> Handled = new();

    public Task HandleAsync(ReadingValidated e, CancellationToken cancellationToken)
    {
        if (FailBad && e.Reading.SensorId == "bad")
        {
            throw new InvalidOperationException("sensor bad: downstream unavailable");
        }

        Handled.Enqueue($"{e.Reading.SensorId}:{e.Reading.ReadingId}");
        return Task.CompletedTask;
    }
}

public sealed class EventBusTests
{
    private static async Task<(AgentHarness Harness, FlakyHandler Handler, List<IHostedService> Started)> StartAsync(int failures)
    {
        var handler = new FlakyHandler { FailuresLeft = failures };
        var harness = await AgentHarness.CreateAsync(TimeProvider.System, settings: new()
        {
            ["Cloud:Agents:Bus:MaxAttempts"] = "3",
            ["Cloud:Agents:Bus:InitialBackoff"] = "00:00:00.001",
        }, configure: s =>
        {
            s.AddSingleton(handler);
            s.AddSingleton(new PipelineDefinition().On<TestHappened, FlakyHandler>());
        });
        var bus = harness.Services.GetServices<IHostedService>().Single(h => h.GetType().Name == "EventBusService");
        await bus.StartAsync(CancellationToken.None);
        return (harness, handler, [bus]);
    }

    private static async Task<(AgentHarness Harness, SensorRecorder Handler, IHostedService Bus)> StartPerSensorAsync()
    {
        var handler = new SensorRecorder();
        var harness = await AgentHarness.CreateAsync(TimeProvider.System, settings: new()
        {
            ["Cloud:Agents:Bus:MaxAttempts"] = "3",
            ["Cloud:Agents:Bus:InitialBackoff"] = "00:00:00.001",
            ["Cloud:Agents:Bus:Partitions"] = "4",
        }, configure: s =>
        {
            s.AddSingleton(handler);
            s.AddSingleton(new PipelineDefinition().On<ReadingValidated, SensorRecorder>(Ordering.PerSensor));
        });
        var bus = harness.Services.GetServices<IHostedService>().Single(h => h.GetType().Name == "EventBusService");
        await bus.StartAsync(CancellationToken.None);
        return (harness, handler, bus);
    }

    private static ReadingValidated Validated(string sensor, long id) =>
        new(AgentHarness.Meta($"v{sensor}{id}", DateTimeOffset.UtcNow, "corr-" + sensor), AgentHarness.Reading(id, DateTimeOffset.UtcNow, sensor, id: id));

    [Fact]
    public async Task Publish_PerSensorHandlerAlwaysFailsForOneSensor_DeadLetteredOthersDeliveredReplayDelivers()
    {
        var (harness, handler, bus) = await StartPerSensorAsync();
        await using var _ = harness;
        var store = harness.Get<IDeadLetterStore>();
        await harness.Get<IEventBus>().PublishAsync(Validated("bad", 1));
        foreach (var sensor in new[] { "a", "b", "c", "d", "e", "f" })
        {
            await harness.Get<IEventBus>().PublishAsync(Validated(sensor, 1));
        }

        var letters = await Eventually.WaitForAsync(() => store.ListAsync(false, 10, CancellationToken.None), l => l.Count == 1,
            TimeSpan.FromSeconds(10), "a dead letter");
        await Eventually.WaitForAsync(() => Task.FromResult(handler.Handled.Count), n => n == 6, TimeSpan.FromSeconds(10), "the other sensors");
        Assert.Equal("ReadingValidated->SensorRecorder", letters[0].Subscription);
        Assert.Equal(3, letters[0].Attempts);
        Assert.Equal("corr-bad", letters[0].CorrelationId);
        Assert.Contains("sensor bad: downstream unavailable", letters[0].Error);

        handler.FailBad = false;
        Assert.Equal(ReplayOutcome.Replayed, await harness.Get<DeadLetterReplayer>().ReplayAsync(letters[0].Id, CancellationToken.None));
        await Eventually.WaitForAsync(() => Task.FromResult(handler.Handled.ToList()), h => h.Contains("bad:1"), TimeSpan.FromSeconds(10), "replayed delivery");
        await bus.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Publish_PerSensorSameEventTwice_HandledOnce()
    {
        var (harness, handler, bus) = await StartPerSensorAsync();
        await using var _ = harness;
        var e = Validated("a", 1);
        await harness.Get<IEventBus>().PublishAsync(e);
        await harness.Get<IEventBus>().PublishAsync(e);
        await harness.Get<IEventBus>().PublishAsync(Validated("a", 2));

        await Eventually.WaitForAsync(() => Task.FromResult(handler.Handled.Count), n => n >= 2, TimeSpan.FromSeconds(10), "deliveries");
        Assert.Equal(["a:1", "a:2"], handler.Handled);
        await bus.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Publish_HandlerFailsTwiceThenSucceeds_DeliveredOnceWithoutDeadLetter()
    {
        var (harness, handler, started) = await StartAsync(failures: 2);
        await using var _ = harness;
        await harness.Get<IEventBus>().PublishAsync(new TestHappened(AgentHarness.Meta("e1", DateTimeOffset.UtcNow), "one"));

        await Eventually.WaitForAsync(() => Task.FromResult(handler.Handled.Count), n => n == 1, TimeSpan.FromSeconds(10), "delivery");
        Assert.Empty(await harness.Get<IDeadLetterStore>().ListAsync(true, 10, CancellationToken.None));
        await started[0].StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Publish_HandlerAlwaysFails_DeadLetteredWithErrorThenReplayDelivers()
    {
        var (harness, handler, started) = await StartAsync(failures: 3);
        await using var _ = harness;
        var store = harness.Get<IDeadLetterStore>();
        await harness.Get<IEventBus>().PublishAsync(new TestHappened(AgentHarness.Meta("e2", DateTimeOffset.UtcNow, "corr-dl"), "two"));

        var letters = await Eventually.WaitForAsync(() => store.ListAsync(false, 10, CancellationToken.None), l => l.Count == 1,
            TimeSpan.FromSeconds(10), "a dead letter");
        var letter = letters[0];
        Assert.Equal("TestHappened->FlakyHandler", letter.Subscription);
        Assert.Equal(3, letter.Attempts);
        Assert.Equal("corr-dl", letter.CorrelationId);
        Assert.Contains("downstream unavailable", letter.Error);
        Assert.Empty(handler.Handled);

        var replayer = harness.Get<DeadLetterReplayer>();
        Assert.Equal(ReplayOutcome.Replayed, await replayer.ReplayAsync(letter.Id, CancellationToken.None));
        await Eventually.WaitForAsync(() => Task.FromResult(handler.Handled.ToList()), h => h.SequenceEqual(["two"]), TimeSpan.FromSeconds(10), "replayed delivery");
        Assert.Equal(ReplayOutcome.AlreadyReplayed, await replayer.ReplayAsync(letter.Id, CancellationToken.None));
        Assert.Empty(await store.ListAsync(false, 10, CancellationToken.None));
        await started[0].StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Publish_SameEventTwice_HandledOnce()
    {
        var (harness, handler, started) = await StartAsync(failures: 0);
        await using var _ = harness;
        var bus = harness.Get<IEventBus>();
        var e = new TestHappened(AgentHarness.Meta("same-id", DateTimeOffset.UtcNow), "dup");
        await bus.PublishAsync(e);
        await bus.PublishAsync(e);
        await bus.PublishAsync(new TestHappened(AgentHarness.Meta("other-id", DateTimeOffset.UtcNow), "marker"));

        await Eventually.WaitForAsync(() => Task.FromResult(handler.Handled.Count), n => n >= 2, TimeSpan.FromSeconds(10), "deliveries");
        Assert.Equal(["dup", "marker"], handler.Handled);
        await started[0].StopAsync(CancellationToken.None);
    }
}
