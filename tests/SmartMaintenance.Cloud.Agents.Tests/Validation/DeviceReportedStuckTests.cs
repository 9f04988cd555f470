using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Metrics;
using SmartMaintenance.Cloud.Agents.Validation;

namespace SmartMaintenance.Cloud.Agents.Tests.Validation;

/// <summary>
/// What the device tells the cloud about a stuck sensor: its filter's stk flag on an anomaly, or a summary without
/// variance. A pre-filtering device sends too few values for the cloud's own run-of-identical-values rule.
/// </summary>
public sealed class DeviceReportedStuckTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static ValidationAgent Agent(FakeTimeProvider time, RecordingBus? bus = null, AgentMetrics? metrics = null) =>
        new(bus!, time, Options.Create(new ValidationOptions { StuckCount = 20 }), metrics ?? new AgentMetrics());

    private static SensorReading Anomaly(double value, DateTimeOffset at, bool? stuck) =>
        new(7, "dev-1", "motor-current", "current", "A", "a", value, at, "dev-1-7", Stuck: stuck);

    private static SensorReading Summary(long n, double mean, double std, double min, double max, DateTimeOffset at) =>
        new(8, "dev-1", "motor-current", "current", "A", "s", mean, at, "dev-1-8",
            SummaryCount: n, SummaryStd: std, SummaryMin: min, SummaryMax: max);

    [Fact]
    public void Check_AnomalyTheDeviceFlaggedStuck_RejectedAsStuckSayingTheDeviceReportedIt()
    {
        var agent = Agent(new FakeTimeProvider(Now));

        var (rule, reason) = agent.Check(Anomaly(12.5, Now, stuck: true), Now);

        Assert.Equal("stuck", rule);
        Assert.Contains("device reported motor-current stuck at 12.5 A", reason);
        Assert.Contains("stuck window", reason);
    }

    [Fact]
    public void Check_AnomalyNotFlaggedStuck_Accepted()
    {
        var agent = Agent(new FakeTimeProvider(Now));

        Assert.Null(agent.Check(Anomaly(12.5, Now, stuck: false), Now).Rule);
        Assert.Null(agent.Check(Anomaly(12.5, Now.AddSeconds(1), stuck: null), Now).Rule);
    }

    [Fact]
    public void Check_DeviceFlaggedStuckFarFromTheLastValue_StuckNotRate()
    {
        // The cloud's last value of the sensor can be from long before the run began (a pre-filtering device sends
        // little): the device's verdict is the more specific finding.
        var agent = Agent(new FakeTimeProvider(Now));
        Assert.Null(agent.Check(Anomaly(-20, Now, stuck: null), Now).Rule);

        Assert.Equal("stuck", agent.Check(Anomaly(29.5, Now.AddMilliseconds(10), stuck: true), Now).Rule);
    }

    [Fact]
    public void Check_SummaryWithoutVariance_RejectedAsStuckNamingTheCount()
    {
        var agent = Agent(new FakeTimeProvider(Now));

        var (rule, reason) = agent.Check(Summary(60, 12.5, 0, 12.5, 12.5, Now), Now);

        Assert.Equal("stuck", rule);
        Assert.Contains("summary of 60 samples", reason);
        Assert.Contains("no variance", reason);
    }

    [Fact]
    public void Check_NormalSummary_Accepted()
    {
        var agent = Agent(new FakeTimeProvider(Now));

        Assert.Null(agent.Check(Summary(60, 12.5, 0.31, 11.9, 13.2, Now), Now).Rule);
    }

    [Theory]
    [InlineData(19L, 0.0, 12.5, 12.5)]   // fewer equal samples than the plain rule's StuckCount (20) is no evidence
    [InlineData(1L, 0.0, 12.5, 12.5)]    // one sample has sd 0 by definition
    [InlineData(60L, 0.0, 12.0, 13.0)]   // figures that disagree are not judged
    public void Check_SummaryNotEnoughEvidenceOfNoVariance_Accepted(long n, double std, double min, double max)
    {
        var agent = Agent(new FakeTimeProvider(Now));

        Assert.Null(agent.Check(Summary(n, 12.5, std, min, max, Now), Now).Rule);
    }

    [Fact]
    public async Task HandleAsync_DeviceFlaggedStuck_PublishesStuckRejectionAndCountsItByRule()
    {
        var time = new FakeTimeProvider(Now);
        var bus = new RecordingBus();
        using var metrics = new AgentMetrics();
        var agent = Agent(time, bus, metrics);

        await agent.HandleAsync(new ReadingReceived(AgentHarness.Meta("r-7", Now), Anomaly(12.5, Now, stuck: true)), CancellationToken.None);

        var rejected = Assert.Single(bus.Of<ReadingRejected>());
        Assert.Equal("stuck", rejected.Rule);
        Assert.Empty(bus.Of<ReadingValidated>());
        Assert.Equal(1, metrics.Snapshot(Now).ReadingsRejected["stuck"]);
    }
}
