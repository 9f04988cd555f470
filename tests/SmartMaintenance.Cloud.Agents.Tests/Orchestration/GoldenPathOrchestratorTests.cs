using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Agents.Acquisition;
using SmartMaintenance.Cloud.Agents.Orchestration;

namespace SmartMaintenance.Cloud.Agents.Tests.Orchestration;

public sealed class GoldenPathOrchestratorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static GoldenPathOrchestrator Create(FakeTimeProvider time, CountingWriter writer) =>
        new(writer, new AcquisitionSignal(), time, Options.Create(new OrchestratorOptions()), new SmartMaintenance.Cloud.Agents.Demo.NoDemoSite());

    [Fact]
    public async Task StartAsync_StageStuckPastTimeout_RunFailsWithStageAndReason()
    {
        var time = new FakeTimeProvider(Now);
        var writer = new CountingWriter();
        var run = await Create(time, writer).StartAsync(10, autoDecide: true, CancellationToken.None);
        Assert.Equal(50, writer.Count); // 40 baseline + 10 events went to the reading store

        time.Advance(TimeSpan.FromSeconds(89));
        Assert.Equal(StageStatus.Running, run.View().Status);

        time.Advance(TimeSpan.FromSeconds(2));
        var view = run.View();
        Assert.Equal(StageStatus.Failed, view.Status);
        var stuck = Assert.Single(view.Stages, s => s.Status == StageStatus.Failed);
        Assert.Equal("validation", stuck.Name);
        Assert.Equal("stage 'validation' did not finish within 90 s", stuck.Detail);
        Assert.Equal(StageStatus.Done, view.Stages[0].Status);
    }

    [Fact]
    public async Task Advance_StageCompletedInTime_GuardRestartsForNextStage()
    {
        var time = new FakeTimeProvider(Now);
        var orchestrator = Create(time, new CountingWriter());
        var run = await orchestrator.StartAsync(10, autoDecide: true, CancellationToken.None);

        time.Advance(TimeSpan.FromSeconds(80));
        orchestrator.Advance(run, "validation", StageDetails.Validation(50));
        time.Advance(TimeSpan.FromSeconds(80)); // 160 s since start, 80 s into anomaly-detection
        Assert.Equal(StageStatus.Running, run.View().Status);

        time.Advance(TimeSpan.FromSeconds(11));
        var failed = Assert.Single(run.View().Stages, s => s.Status == StageStatus.Failed);
        Assert.Equal("anomaly-detection", failed.Name);
    }

    private sealed class CountingWriter : IReadingWriter
    {
        public int Count { get; private set; }

        public Task<IReadOnlyList<long>> AppendAsync(IReadOnlyList<GeneratedReading> readings, CancellationToken cancellationToken)
        {
            Count += readings.Count;
            return Task.FromResult<IReadOnlyList<long>>([.. readings.Select((_, i) => (long)(Count - readings.Count + i + 1))]);
        }
    }
}
