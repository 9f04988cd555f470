using SmartMaintenance.Cloud.Agents.Metrics;

namespace SmartMaintenance.Cloud.Agents.Tests.Metrics;

public sealed class AgentMetricsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Snapshot_AfterDeliveries_CountsPerAgentAndLatencyPercentilesOfHandledOnly()
    {
        using var metrics = new AgentMetrics();
        for (var i = 1; i <= 100; i++)
        {
            metrics.Handled("ValidationAgent", TimeSpan.FromMilliseconds(i));
        }

        metrics.Failed("ValidationAgent", TimeSpan.FromSeconds(9));
        metrics.DeadLettered("ValidationAgent");
        metrics.Duplicate("ValidationAgent");
        metrics.Handled("SchedulingAgent", TimeSpan.FromMilliseconds(7));
        metrics.Published("ReadingReceived");
        metrics.Published("ReadingReceived");
        metrics.Rejected("stuck");

        var snapshot = metrics.Snapshot(Now);

        var validation = Assert.Single(snapshot.Agents, a => a.Agent == "ValidationAgent");
        Assert.Equal((100L, 1L, 1L, 1L), (validation.Handled, validation.Failures, validation.DeadLetters, validation.Duplicates));
        Assert.Equal(50, validation.P50Ms, 3);
        Assert.Equal(99, validation.P99Ms, 3);
        var scheduling = Assert.Single(snapshot.Agents, a => a.Agent == "SchedulingAgent");
        Assert.Equal((7.0, 7.0), (scheduling.P50Ms, scheduling.P99Ms));
        Assert.Equal(2, snapshot.EventsPublished["ReadingReceived"]);
        var text = snapshot.ToPrometheusText();
        Assert.Contains("sm_agent_events_handled_total{agent=\"ValidationAgent\"} 100\n", text);
        Assert.Contains("sm_agent_dead_letters_total{agent=\"ValidationAgent\"} 1\n", text);
        Assert.Contains("sm_agent_events_published_total{event=\"ReadingReceived\"} 2\n", text);
        Assert.Equal(1, snapshot.ReadingsRejected["stuck"]);
        Assert.Contains("sm_agent_readings_rejected_total{rule=\"stuck\"} 1\n", text);
    }
}
