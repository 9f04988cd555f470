using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Agents.Acquisition;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Orchestration;
using SmartMaintenance.Cloud.Agents.Scheduling;

namespace SmartMaintenance.Cloud.Agents.Tests.Orchestration;

/// <summary>
/// The tracker fed by hand, stage by stage, over real stores and the real decision and report services; the bus
/// records, so each event the tracker causes (DecisionRecorded, ReportGenerated) is handed back to it by the test.
/// </summary>
public sealed class GoldenPathTrackerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;

    private static async Task<(AgentHarness Harness, RecordingBus Bus)> CreateAsync(FakeTimeProvider time)
    {
        var bus = new RecordingBus();
        var harness = await AgentHarness.CreateAsync(time, settings: new() { ["Cloud:Agents:Orchestrator:BaselineReadings"] = "0" },
            configure: s =>
            {
                s.AddSingleton<IEventBus>(bus);
                s.AddSingleton<IReadingWriter>(new DiscardingWriter());
            });
        return (harness, bus);
    }

    private static SensorReading Reading(GoldenPathRun run, long id) =>
        new(id, run.DeviceId, run.SensorId, "temperature", "C", "reading", 60, Now, run.CorrelationId);

    private static EventMeta Meta(GoldenPathRun run, string id) => new(id, run.DeviceId, run.CorrelationId, Now);

    private static StageStatus[] Statuses(GoldenPathRun run) => [.. run.View().Stages.Select(s => s.Status)];

    /// <summary>Validation, anomaly and prediction of a run; the prediction also goes to the real scheduling agent (an order).</summary>
    private static async Task<MaintenanceScheduled> ThroughPredictionAsync(AgentHarness harness, RecordingBus bus, GoldenPathTracker tracker,
        GoldenPathRun run)
    {
        await tracker.HandleAsync(new ReadingValidated(Meta(run, "r1"), Reading(run, 1)), None);
        await tracker.HandleAsync(new ReadingValidated(new EventMeta("x1", "other", "sim-normal-1", Now), Reading(run, 9)), None);
        await tracker.HandleAsync(new ReadingRejected(Meta(run, "r2"), Reading(run, 2), "rate", "too fast"), None);
        Assert.Equal(StageStatus.Running, Statuses(run)[1]); // 2 of 3: the other correlation did not count
        await tracker.HandleAsync(new ReadingValidated(Meta(run, "r3"), Reading(run, 3)), None);
        await tracker.HandleAsync(new AnomalyDetected(Meta(run, "r3/anomaly"), Reading(run, 3), 0.95, AnomalySeverity.Critical, [], []), None);

        var periodic = new FailurePredicted(Meta(run, "r3/periodic"), run.SensorId, "temperature", 0.1, null, null, null, null, "periodic");
        await tracker.HandleAsync(periodic, None);
        Assert.Equal(StageStatus.Running, Statuses(run)[3]); // a periodic prediction does not complete the stage

        var prediction = new FailurePredicted(Meta(run, "r3/anomaly/predict"), run.SensorId, "temperature", 0.95, null, null, null,
            Now.AddDays(1), "anomaly");
        await tracker.HandleAsync(prediction, None);
        await harness.Get<SchedulingAgent>().HandleAsync(prediction, None);
        return Assert.Single(bus.Of<MaintenanceScheduled>());
    }

    [Fact]
    public async Task Handle_RunWithAutoDecision_EveryStageDoneInOrderWithOrderAndReport()
    {
        var time = new FakeTimeProvider(Now);
        var (harness, bus) = await CreateAsync(time);
        await using var _ = harness;
        var tracker = harness.Get<GoldenPathTracker>();
        var run = await harness.Get<GoldenPathOrchestrator>().StartAsync(3, autoDecide: true, None);
        var scheduled = await ThroughPredictionAsync(harness, bus, tracker, run);

        await tracker.HandleAsync(scheduled, None);
        var decided = Assert.Single(bus.Of<DecisionRecorded>());
        Assert.Equal(("golden-path-auto", DecisionKind.Approve, scheduled.OrderId), (decided.Operator, decided.Decision, decided.OrderId));
        await tracker.HandleAsync(decided, None);
        var report = Assert.Single(bus.Of<ReportGenerated>());
        Assert.Equal(run.CorrelationId, report.CorrelationId);
        await tracker.HandleAsync(report, None);

        var view = run.View();
        Assert.Equal(StageStatus.Done, view.Status);
        Assert.All(view.Stages, s => Assert.Equal(StageStatus.Done, s.Status));
        Assert.Equal((scheduled.OrderId, report.ReportId), (view.OrderId, view.ReportId));
        Assert.Equal("3 readings validated", view.Stages[1].Detail);
    }

    [Fact]
    public async Task Handle_StageDone_DetailKeptAsCodeWithInvariantArgumentsBesideTheEnglish()
    {
        var time = new FakeTimeProvider(Now);
        var (harness, bus) = await CreateAsync(time);
        await using var _ = harness;
        var tracker = harness.Get<GoldenPathTracker>();
        var run = await harness.Get<GoldenPathOrchestrator>().StartAsync(3, autoDecide: true, None);

        await ThroughPredictionAsync(harness, bus, tracker, run);

        var prediction = run.View().Stages[3];
        Assert.Equal("risk 0.95; anomaly", prediction.Detail);
        Assert.Equal(StageDetails.Predicted, prediction.Message!.Code);
        Assert.Equal(["0.95", "anomaly"], prediction.Message.Args);
        Assert.Equal(["Critical", "0.95", "0"], run.View().Stages[2].Message!.Args);
    }

    [Fact]
    public async Task Handle_NoAutoDecisionAndADecisionOnAnotherOrder_DecisionStageWaitsThenTimesOutWithItsReason()
    {
        var time = new FakeTimeProvider(Now);
        var (harness, bus) = await CreateAsync(time);
        await using var _ = harness;
        var tracker = harness.Get<GoldenPathTracker>();
        var run = await harness.Get<GoldenPathOrchestrator>().StartAsync(3, autoDecide: false, None);
        var scheduled = await ThroughPredictionAsync(harness, bus, tracker, run);

        await tracker.HandleAsync(scheduled, None);
        Assert.Empty(bus.Of<DecisionRecorded>()); // nobody decides for the operator
        await tracker.HandleAsync(new DecisionRecorded(Meta(run, "decision:77"), 77, scheduled.OrderId + 1, DecisionKind.Approve,
            "maria", "another order"), None);
        Assert.Equal(StageStatus.Running, Statuses(run)[5]);
        Assert.Empty(bus.Of<ReportGenerated>());

        time.Advance(TimeSpan.FromSeconds(91));
        var failed = Assert.Single(run.View().Stages, s => s.Status == StageStatus.Failed);
        Assert.Equal("decision", failed.Name);
        Assert.StartsWith($"no decision on order {scheduled.OrderId} within 90 s", failed.Detail);
        Assert.Equal(StageDetails.NoDecision, failed.Message!.Code);
        Assert.Equal([scheduled.OrderId.ToString(System.Globalization.CultureInfo.InvariantCulture), "90"], failed.Message.Args);
    }

    private sealed class DiscardingWriter : IReadingWriter
    {
        public Task<IReadOnlyList<long>> AppendAsync(IReadOnlyList<GeneratedReading> readings, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<long>>([.. readings.Select((_, i) => (long)i + 1)]);
    }
}
