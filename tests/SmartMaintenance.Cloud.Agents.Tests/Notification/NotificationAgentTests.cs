using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Notification;

namespace SmartMaintenance.Cloud.Agents.Tests.Notification;

/// <summary>The notification agent over the real SQLite notification store, with a scripted channel and a fake clock.</summary>
public sealed class NotificationAgentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static NotificationAgent Create(AgentHarness harness, FakeTimeProvider time, RecordingBus bus, ScriptedChannel channel,
        NotificationOptions options) =>
        new([channel], harness.Get<INotificationStore>(), bus, time, Options.Create(options), NullLogger<NotificationAgent>.Instance);

    private static MaintenanceScheduled Order(string id, string device = "dev-1") =>
        new(new EventMeta(id, device, "corr-" + id, Now), 1, "v1", MaintenanceStatus.Scheduled, "P1", "ana", Now, Now.AddHours(1), "test");

    [Fact]
    public async Task Handle_SameDeviceAndKindWithinWindow_SecondSuppressedThenDeliveredAfterWindow()
    {
        var time = new FakeTimeProvider(Now);
        await using var harness = await AgentHarness.CreateAsync(time);
        var bus = new RecordingBus();
        var channel = new ScriptedChannel(failures: 0);
        var agent = Create(harness, time, bus, channel, new NotificationOptions { DedupWindow = TimeSpan.FromMinutes(10) });

        await agent.HandleAsync(Order("o1"), CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(5));
        await agent.HandleAsync(Order("o2"), CancellationToken.None);
        await agent.HandleAsync(Order("o3", device: "dev-2"), CancellationToken.None); // other device: not a duplicate
        time.Advance(TimeSpan.FromMinutes(6));
        await agent.HandleAsync(Order("o4"), CancellationToken.None);

        Assert.Equal(
            [NotificationStatus.Delivered, NotificationStatus.Suppressed, NotificationStatus.Delivered, NotificationStatus.Delivered],
            bus.Of<NotificationSent>().Select(n => n.Status));
        Assert.Equal(3, channel.Sent);
        var stored = await harness.Get<INotificationStore>().ListAsync(10, CancellationToken.None);
        Assert.Contains(stored, r => r.EventId == "o2" && r.Status == NotificationStatus.Suppressed && r.Error!.StartsWith("duplicate"));
    }

    private static AnomalyDetected Incident(string id, long incident, AnomalySeverity severity) =>
        new(new EventMeta(id, "dev-1", "corr-" + id, Now), new SensorReading(1, "dev-1", "dev-1-temp", "temperature", "K", "r", 352, Now),
            0.8, severity, [], [], incident);

    [Fact]
    public async Task Handle_IncidentOpenedEscalatedAndAnotherIncident_EachNotifiedRepeatsOfOneLevelSuppressed()
    {
        var time = new FakeTimeProvider(Now);
        await using var harness = await AgentHarness.CreateAsync(time);
        var bus = new RecordingBus();
        var channel = new ScriptedChannel(failures: 0);
        var agent = Create(harness, time, bus, channel, new NotificationOptions { DedupWindow = TimeSpan.FromMinutes(10) });

        await agent.HandleAsync(Incident("a1", 7, AnomalySeverity.High), CancellationToken.None);
        await agent.HandleAsync(Incident("a2", 7, AnomalySeverity.Critical), CancellationToken.None); // escalation: news
        await agent.HandleAsync(Incident("a3", 7, AnomalySeverity.Critical), CancellationToken.None); // same level again
        await agent.HandleAsync(Incident("a4", 8, AnomalySeverity.High), CancellationToken.None); // the machine's next incident

        Assert.Equal(
            [NotificationStatus.Delivered, NotificationStatus.Delivered, NotificationStatus.Suppressed, NotificationStatus.Delivered],
            bus.Of<NotificationSent>().Select(n => n.Status));
        Assert.Equal(3, channel.Sent);
    }

    private static ReadingRejected Rejected(string id, string rule, bool? deviceStuck = null) =>
        new(new EventMeta(id, "dev-1", "corr-" + id, Now),
            new SensorReading(1, "dev-1", "dev-1-current", "current", "A", "a", 4.2, Now.AddSeconds(-5), Stuck: deviceStuck),
            rule, "test reason");

    [Fact]
    public async Task Handle_SensorStuck_TechniciansToldWhoSaidSo()
    {
        var time = new FakeTimeProvider(Now);
        await using var harness = await AgentHarness.CreateAsync(time);
        var bus = new RecordingBus();
        var channel = new ScriptedChannel(failures: 0);
        var agent = Create(harness, time, bus, channel, new NotificationOptions());

        await agent.HandleAsync(Rejected("r1", "stuck", deviceStuck: true), CancellationToken.None);

        var message = Assert.Single(channel.Delivered);
        Assert.Equal(("sensor-stuck", "Sensor dev-1/dev-1-current is stuck"), (message.Kind, message.Title));
        Assert.StartsWith("The device reports it stuck at 4.2 A", message.Body);
        Assert.Equal(NotificationStatus.Delivered, Assert.Single(bus.Of<NotificationSent>()).Status);
    }

    [Fact]
    public async Task Handle_EveryReadingOfAStuckRun_OneNotificationPerWindowAndNoRecordForTheRest()
    {
        var time = new FakeTimeProvider(Now);
        await using var harness = await AgentHarness.CreateAsync(time);
        var bus = new RecordingBus();
        var channel = new ScriptedChannel(failures: 0);
        var agent = Create(harness, time, bus, channel, new NotificationOptions { DedupWindow = TimeSpan.FromMinutes(10) });

        for (var i = 0; i < 30; i++)
        {
            await agent.HandleAsync(Rejected($"r{i}", "stuck"), CancellationToken.None);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        time.Advance(TimeSpan.FromMinutes(10));
        await agent.HandleAsync(Rejected("r-later", "stuck"), CancellationToken.None);

        Assert.Equal(2, channel.Delivered.Count);
        Assert.StartsWith("Its readings have not changed (4.2 A", channel.Delivered[0].Body);
        Assert.Equal(2, (await harness.Get<INotificationStore>().ListAsync(100, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Handle_OtherRejections_NotSentToPeople()
    {
        var time = new FakeTimeProvider(Now);
        await using var harness = await AgentHarness.CreateAsync(time);
        var bus = new RecordingBus();
        var channel = new ScriptedChannel(failures: 0);
        var agent = Create(harness, time, bus, channel, new NotificationOptions());

        foreach (var rule in new[] { "range", "rate", "timestamp", "duplicate" })
        {
            await agent.HandleAsync(Rejected("r-" + rule, rule), CancellationToken.None);
        }

        Assert.Empty(channel.Delivered);
        Assert.Empty(bus.Of<NotificationSent>());
    }

    [Fact]
    public async Task Handle_MoreThanMaxPerMinute_RestThrottled()
    {
        var time = new FakeTimeProvider(Now);
        await using var harness = await AgentHarness.CreateAsync(time);
        var bus = new RecordingBus();
        var channel = new ScriptedChannel(failures: 0);
        var agent = Create(harness, time, bus, channel, new NotificationOptions { MaxPerMinute = 2 });

        for (var i = 0; i < 4; i++)
        {
            await agent.HandleAsync(Order($"o{i}", device: $"dev-{i}"), CancellationToken.None);
        }

        time.Advance(TimeSpan.FromMinutes(1));
        await agent.HandleAsync(Order("o9", device: "dev-9"), CancellationToken.None);

        var sent = bus.Of<NotificationSent>();
        Assert.Equal(3, sent.Count(n => n.Status == NotificationStatus.Delivered));
        Assert.All(sent.Where(n => n.Status == NotificationStatus.Suppressed), n => Assert.StartsWith("throttled", n.Error));
        Assert.Equal(NotificationStatus.Delivered, sent[^1].Status);
    }

    [Fact]
    public async Task Handle_ChannelFailsTwice_RetriedWithBackoffAndDeliveredOnThirdAttempt()
    {
        var time = new FakeTimeProvider(Now);
        await using var harness = await AgentHarness.CreateAsync(time);
        var bus = new RecordingBus();
        var channel = new ScriptedChannel(failures: 2);
        var agent = Create(harness, time, bus, channel, new NotificationOptions { MaxAttempts = 3, RetryBackoff = TimeSpan.FromSeconds(1) });

        await RunWithClockAsync(time, agent.HandleAsync(Order("o1"), CancellationToken.None));

        var sent = Assert.Single(bus.Of<NotificationSent>());
        Assert.Equal((NotificationStatus.Delivered, 3), (sent.Status, sent.Attempts));
        Assert.Equal(3, channel.Attempts);
    }

    [Fact]
    public async Task Handle_ChannelAlwaysFails_FailedWithLastErrorRecorded()
    {
        var time = new FakeTimeProvider(Now);
        await using var harness = await AgentHarness.CreateAsync(time);
        var bus = new RecordingBus();
        var agent = Create(harness, time, bus, new ScriptedChannel(failures: 99), new NotificationOptions { MaxAttempts = 2 });

        await RunWithClockAsync(time, agent.HandleAsync(Order("o1"), CancellationToken.None));

        var sent = Assert.Single(bus.Of<NotificationSent>());
        Assert.Equal((NotificationStatus.Failed, 2), (sent.Status, sent.Attempts));
        Assert.Contains("smtp down (attempt 2)", sent.Error);
        var stored = Assert.Single(await harness.Get<INotificationStore>().ListAsync(10, CancellationToken.None));
        Assert.Equal(NotificationStatus.Failed, stored.Status);
    }

    /// <summary>Moves the fake clock while the agent waits between retries (no real waiting).</summary>
    private static async Task RunWithClockAsync(FakeTimeProvider time, Task work)
    {
        for (var i = 0; i < 10_000 && !work.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Yield();
        }

        await work;
    }

    private sealed class ScriptedChannel(int failures) : INotificationChannel
    {
        public string Name => "test";

        public bool Enabled => true;

        public int Attempts { get; private set; }

        public int Sent { get; private set; }

        public List<NotificationMessage> Delivered { get; } = [];

        public Task SendAsync(NotificationMessage message, CancellationToken cancellationToken)
        {
            Attempts++;
            if (Attempts <= failures)
            {
                throw new InvalidOperationException($"smtp down (attempt {Attempts})");
            }

            Sent++;
            Delivered.Add(message);
            return Task.CompletedTask;
        }
    }
}
