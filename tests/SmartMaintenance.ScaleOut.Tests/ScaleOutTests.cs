using SmartMaintenance.TestSupport;

namespace SmartMaintenance.ScaleOut.Tests;

/// <summary>
/// Issue 16's proof with real processes: several cloud instances on one PostgreSQL and one nats-server judge a stream
/// of readings over many sensors exactly as one instance alone does (<see cref="ReferenceRun"/>), also when an instance
/// is killed (kill -9) or the nats-server is restarted in the middle of the stream.
/// </summary>
public sealed class ScaleOutTests(ReferenceRun reference) : IClassFixture<ReferenceRun>
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);

    [Fact]
    public void ReferenceRun_WorkloadOpensIncidentsAndRejectsReadings()
    {
        // The comparison below is only worth something if the input makes the pipeline decide things.
        Assert.Equal(Workload.Readings, reference.Outcome.StoredReadings);
        Assert.Equal(Workload.RejectingDevices.Count(), reference.Counters.Rejected);
        Assert.Equal(Workload.FaultyDevices.Order().Select(Workload.Device), reference.Outcome.Incidents.Select(i => i.Split(" | ")[0]).Distinct().Order());
        Assert.NotEmpty(reference.Outcome.Alerts);
    }

    [Fact]
    public async Task ThreeInstances_StreamOverManySensors_EveryReadingJudgedOnceAndDecisionsAsOneInstance()
    {
        await using var cluster = await ScaleOutCluster.StartAsync(3);

        await reference.Workload.IngestAsync(cluster.Instances.Select(i => i.Http).ToList(), 0, Workload.Observations);

        var outcome = await WaitForReferenceOutcomeAsync(cluster);
        var counters = await AgentCounters.SumAsync(cluster.Instances);
        // Exactly once: no reading judged twice (no instance restarted, so every instance's counters are still there).
        Assert.Equal(Workload.Readings, counters.Judged);
        Assert.Equal(reference.Counters.Rejected, counters.Rejected);
        // The work was shared: every instance validated readings of the partitions it owns.
        foreach (var instance in cluster.Instances)
        {
            var own = await AgentCounters.SumAsync([instance]);
            Assert.True(own.Judged > 0, $"{instance.InstanceId} judged no reading: {own}");
        }

        AssertSame(reference.Outcome, outcome);
    }

    /// <summary>Polls until the pipeline's stored decisions equal the reference's; on timeout, the assert shows the difference.</summary>
    private async Task<PipelineOutcome> WaitForReferenceOutcomeAsync(ScaleOutCluster cluster)
    {
        try
        {
            return await Eventually.WaitForAsync(() => PipelineOutcome.ReadAsync(cluster.ConnectionString),
                o => o.SameAs(reference.Outcome), Settle, "the cluster's decisions to equal the single instance's");
        }
        catch (TimeoutException)
        {
            var last = await PipelineOutcome.ReadAsync(cluster.ConnectionString);
            AssertSame(reference.Outcome, last, cluster.Diagnostics());
            throw;
        }
    }

    private static void AssertSame(PipelineOutcome expected, PipelineOutcome actual, string? diagnostics = null)
    {
        Assert.True(expected.StoredReadings == actual.StoredReadings, $"stored readings {actual.StoredReadings}, expected {expected.StoredReadings}\n{diagnostics}");
        Assert.Equal(expected.Incidents, actual.Incidents);
        Assert.Equal(expected.Alerts, actual.Alerts);
    }
}
