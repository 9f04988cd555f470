using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Agents.DriftDetection;
using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Tests.DriftDetection;

public sealed class DriftDetectionAgentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static DriftDetectionAgent Create(FakeTimeProvider time, RecordingBus bus, CountingRetrain retrain, TimeSpan cooldown) =>
        new(bus, retrain, time, Options.Create(new DriftOptions { ReferenceSize = 50, RecentSize = 50, TestEvery = 1, RetrainCooldown = cooldown }));

    /// <summary>count readings of one sensor at level plus uniform noise in [0, 1); TestEvery = 1 tests once the recent window is full.</summary>
    private static async Task FeedAsync(DriftDetectionAgent agent, string sensor, double level, int count, long firstId)
    {
        var random = new Random(5);
        for (var i = 0; i < count; i++)
        {
            var id = firstId + i;
            var at = Now.AddSeconds(id);
            var reading = new SensorReading(id, "dev-1", sensor, "vibration", "mm/s", "reading", level + random.NextDouble(), at, "corr-1");
            await agent.HandleAsync(new ReadingValidated(AgentHarness.Meta($"r{sensor}{id}", at), reading), CancellationToken.None);
        }
    }

    [Fact]
    public async Task Handle_ShiftedRecentWindow_DriftWithKsAndPsiAndRetrainRequested()
    {
        var bus = new RecordingBus();
        var retrain = new CountingRetrain();
        var agent = Create(new FakeTimeProvider(Now), bus, retrain, TimeSpan.FromHours(6));

        await FeedAsync(agent, "v1", 10, 50, 1);
        await FeedAsync(agent, "v1", 15, 50, 51);

        var drift = Assert.Single(bus.Of<DriftDetected>());
        Assert.True(drift.PValue < 0.01, $"p={drift.PValue}");
        Assert.True(drift.Psi > 0.2, $"psi={drift.Psi}");
        Assert.True(drift.RetrainRequested);
        Assert.Equal(1, retrain.Requests);
    }

    [Fact]
    public async Task Handle_UnchangedDistribution_NoDrift()
    {
        var bus = new RecordingBus();
        var retrain = new CountingRetrain();
        var agent = Create(new FakeTimeProvider(Now), bus, retrain, TimeSpan.Zero);

        await FeedAsync(agent, "v1", 10, 200, 1);

        Assert.Empty(bus.Of<DriftDetected>());
        Assert.Equal(0, retrain.Requests);
    }

    [Fact]
    public async Task Handle_SecondDriftWithinCooldown_ReportedWithoutRetrainUntilCooldownPassed()
    {
        var time = new FakeTimeProvider(Now);
        var bus = new RecordingBus();
        var retrain = new CountingRetrain();
        var agent = Create(time, bus, retrain, TimeSpan.FromHours(6));
        await FeedAsync(agent, "v1", 10, 50, 1);
        await FeedAsync(agent, "v1", 15, 50, 51);      // drift 1: retrain asked
        await FeedAsync(agent, "v2", 10, 50, 1001);
        time.Advance(TimeSpan.FromHours(1));
        await FeedAsync(agent, "v2", 15, 50, 1051);    // drift 2 (other sensor), inside the cool-down

        time.Advance(TimeSpan.FromHours(6));
        await FeedAsync(agent, "v1", 20, 50, 101);     // drift 3, after the cool-down

        var drifts = bus.Of<DriftDetected>();
        Assert.Equal([true, false, true], drifts.Select(d => d.RetrainRequested));
        Assert.Equal(2, retrain.Requests);
    }

    private sealed class CountingRetrain : IRetrainRequester
    {
        public int Requests { get; private set; }

        public Task<bool> RequestAsync(string deviceId, string sensorId, string reason, CancellationToken cancellationToken)
        {
            Requests++;
            return Task.FromResult(true);
        }
    }
}
