using System.Diagnostics;
using Xunit.Abstractions;

namespace SmartMaintenance.ScaleOut.Tests;

/// <summary>
/// Issue 16's proof with real processes: several cloud instances on one PostgreSQL and one nats-server judge a stream
/// of readings over many sensors exactly as one instance alone does (<see cref="ReferenceRun"/>), also when an instance
/// is killed (kill -9), instances join, or the nats-server is restarted in the middle of the stream.
/// </summary>
public sealed class ScaleOutTests(ReferenceRun reference, ITestOutputHelper output) : IClassFixture<ReferenceRun>
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(150);
    private const int Half = Workload.Observations / 2;

    /// <summary>The anomaly agent's partitions in /health's ownedPartitions ("{event}->{handler}/{partition}").</summary>
    private const string AnomalySubscription = "ReadingValidated->AnomalyDetectionAgent/";

    [Fact]
    public void ReferenceRun_WorkloadOpensIncidentsAndRejectsReadings()
    {
        // The comparisons below are only worth something if the input makes the pipeline decide things.
        Assert.Equal(Workload.Readings, reference.Outcome.StoredReadings);
        Assert.Equal(Workload.Readings, reference.Counters.Judged);
        Assert.Equal(Workload.RejectingDevices.Count(), reference.Counters.Rejected);
        Assert.Equal(Workload.FaultyDevices.Select(Workload.Device).Order(), reference.Outcome.Incidents.Select(i => i.Split(" | ")[0]).Distinct().Order());
        Assert.NotEmpty(reference.Outcome.Alerts);
    }

    [Fact]
    public async Task ThreeInstances_StreamOverManySensors_EveryReadingJudgedOnceAndDecisionsAsOneInstance()
    {
        await using var cluster = await ScaleOutCluster.StartAsync(3);
        await WaitForBalancedOwnershipAsync(cluster);

        await reference.Workload.IngestAsync(cluster.Live, 0, Workload.Observations);

        var streams = await cluster.WaitForAllJudgedAsync(Settle);
        output.WriteLine($"streams: {streams}");
        AssertSameDecisions(await PipelineOutcome.ReadAsync(cluster.ConnectionString), cluster);
        AssertEveryReadingJudgedOnce(streams);
        await AssertOneAcquisitionLeaderAsync(cluster);
        // No instance restarted, so every instance's counters are all there: their sum is exactly one decision per reading.
        var counters = await AgentCounters.SumAsync(cluster.Instances);
        Assert.Equal(Workload.Readings, counters.Judged);
        Assert.Equal(reference.Counters.Rejected, counters.Rejected);
        // The work was shared: every instance validated readings of the partitions it owns.
        foreach (var instance in cluster.Instances)
        {
            var own = await AgentCounters.SumAsync([instance]);
            Assert.True(own.Judged > 0, $"{instance.InstanceId} judged no reading: {own}");
        }
    }

    [Fact]
    public async Task KillNineOfOneInstanceMidStream_PartitionsTakenOverNothingSkippedNoAlertLostOrDuplicated()
    {
        await using var cluster = await ScaleOutCluster.StartAsync(3);
        var before = await WaitForBalancedOwnershipAsync(cluster);
        var victim = cluster.Instances[1];
        Assert.Contains(victim.InstanceId, before.OwnersOfAny);

        await reference.Workload.IngestAsync(cluster.Live, 0, Half);
        // Mid-stream: the victim is working on its partitions when it dies.
        await cluster.WaitAsync(() => AgentCounters.SumAsync([victim]), c => c.Judged > 0, Settle, $"{victim.InstanceId} to judge readings");
        await victim.KillAsync();
        var killedAt = Stopwatch.StartNew();
        var survivors = cluster.Live.Select(i => i.InstanceId).ToList();
        await reference.Workload.IngestAsync(cluster.Live, Half, Workload.Observations);

        var after = await cluster.WaitAsync(cluster.OwnershipAsync, o => o.Covers(before.Partitions, survivors), Settle,
            $"the survivors {string.Join(", ", survivors)} to own every partition");
        output.WriteLine($"takeover seen in /health {killedAt.Elapsed.TotalSeconds:F1} s after kill -9 (lease TTL 4 s, heartbeat 1 s): {after}");
        Assert.DoesNotContain(victim.InstanceId, after.OwnersOfAny);

        var streams = await cluster.WaitForAllJudgedAsync(Settle);
        output.WriteLine($"streams: {streams}");
        AssertSameDecisions(await PipelineOutcome.ReadAsync(cluster.ConnectionString), cluster);
        AssertEveryReadingJudgedOnce(streams);
        await AssertOneAcquisitionLeaderAsync(cluster);
    }

    /// <summary>
    /// Instances join a running one while the stream flows: the first instance has learned every machine's baseline
    /// (the first half) when two more start, partitions move to them (the first instance drops the machines' memory,
    /// the new owners rebuild it from the stored readings at their next reading) while readings keep coming, and the
    /// faults come after the hand-over. Every alert and incident must still equal the single instance's: none lost
    /// to a machine that starts warming up again or forgets an open incident on its new owner, none duplicated.
    /// </summary>
    [Fact]
    public async Task InstancesJoiningMidStream_PartitionsHandedOverDecisionsAsOneInstance()
    {
        await using var cluster = await ScaleOutCluster.StartAsync(1);
        await WaitForBalancedOwnershipAsync(cluster);
        var first = cluster.Instances[0];
        await reference.Workload.IngestAsync(cluster.Live, 0, Half);
        // Every machine of the first half judged by the anomaly agent of the first instance: its state is in memory there.
        await cluster.WaitAsync(() => AgentCounters.SumAsync([first]),
            c => c.Judged == Half * Workload.Devices && c.Handled.GetValueOrDefault("AnomalyDetectionAgent") >= c.Validated, Settle,
            "the first instance to judge the first half");

        // Two instances join while the next readings are posted (through the first one: the others are not up yet).
        var join = cluster.JoinAsync(2);
        await reference.Workload.IngestAsync([first], Half, Half + Workload.ChunkObservations);
        await join;
        // Rebalanced, and machines moved: some of the anomaly agent's partitions are now a joined instance's.
        var ids = cluster.Instances.Select(i => i.InstanceId).ToList();
        var joined = ids.Skip(1).ToHashSet(StringComparer.Ordinal);
        var after = await cluster.WaitAsync(cluster.OwnershipAsync,
            o => o.Complete(CloudInstance.Partitions) && o.OwnersOfAny.SetEquals(ids)
                && o.Owners.Any(p => p.Key.StartsWith(AnomalySubscription, StringComparison.Ordinal) && joined.Contains(p.Value[0])),
            Settle, "the joined instances to own partitions, some of the anomaly agent's among them");
        output.WriteLine($"ownership after the join: {after}");
        await reference.Workload.IngestAsync(cluster.Live, Half + Workload.ChunkObservations, Workload.Observations);

        var streams = await cluster.WaitForAllJudgedAsync(Settle);
        output.WriteLine($"streams: {streams}");
        AssertSameDecisions(await PipelineOutcome.ReadAsync(cluster.ConnectionString), cluster);
        AssertEveryReadingJudgedOnce(streams);
        await AssertOneAcquisitionLeaderAsync(cluster);
        // The joined instances judged machines after the hand-over (so their decisions above came from rebuilt state).
        var joinedCounters = await AgentCounters.SumAsync(cluster.Instances.Skip(1));
        Assert.True(joinedCounters.Handled.GetValueOrDefault("AnomalyDetectionAgent") > 0, $"the joined instances judged no machine: {joinedCounters}");
    }

    [Fact]
    public async Task NatsServerRestartedMidStream_NothingLost()
    {
        await using var cluster = await ScaleOutCluster.StartAsync(2);
        await WaitForBalancedOwnershipAsync(cluster);

        await reference.Workload.IngestAsync(cluster.Live, 0, Half);
        await cluster.WaitAsync(cluster.StreamsAsync, s => s.JudgedEvents > 0, Settle, "the first readings to be judged");
        await cluster.Nats.RestartAsync();
        await reference.Workload.IngestAsync(cluster.Live, Half, Workload.Observations);

        var streams = await cluster.WaitForAllJudgedAsync(Settle);
        output.WriteLine($"streams: {streams}");
        AssertSameDecisions(await PipelineOutcome.ReadAsync(cluster.ConnectionString), cluster);
        AssertEveryReadingJudgedOnce(streams);
        await AssertOneAcquisitionLeaderAsync(cluster);
    }

    /// <summary>Every instance owns partitions, each partition has one owner, and every subscription is complete.</summary>
    private static Task<Ownership> WaitForBalancedOwnershipAsync(ScaleOutCluster cluster)
    {
        var ids = cluster.Instances.Select(i => i.InstanceId).ToList();
        return cluster.WaitAsync(cluster.OwnershipAsync,
            o => o.Complete(CloudInstance.Partitions) && o.OwnersOfAny.SetEquals(ids), Settle, "every instance to own partitions");
    }

    /// <summary>
    /// Exactly once, counted on the server: one ReadingReceived per reading entered the bus, and validation stored one
    /// decision (ReadingValidated or ReadingRejected) per reading. A redelivered event's re-publish carries the same
    /// Nats-Msg-Id and is dropped by JetStream, so it takes no sequence number.
    /// </summary>
    private void AssertEveryReadingJudgedOnce(JetStreamState streams)
    {
        Assert.Equal((ulong)Workload.Readings, streams.ReceivedEvents);
        Assert.Equal((ulong)Workload.Readings, streams.JudgedEvents);
        Assert.Equal((ulong)reference.Counters.Rejected, streams.LastSequence.GetValueOrDefault(JetStreamState.Rejected));
    }

    /// <summary>One live instance reads new readings into the bus (the acquisition lease), the others follow.</summary>
    private static async Task AssertOneAcquisitionLeaderAsync(ScaleOutCluster cluster)
    {
        var roles = new List<string>();
        foreach (var instance in cluster.Live)
        {
            var health = await instance.HealthAsync();
            roles.Add(health.GetProperty("checks").GetProperty("acquisition").GetProperty("detail").GetString()!);
        }

        Assert.Equal(1, roles.Count(r => r == "leader"));
        Assert.All(roles, r => Assert.Contains(r, new[] { "leader", "follower" }));
    }

    /// <summary>Alerts and incidents equal the single instance's, field by field: none lost, none duplicated, none different.</summary>
    private void AssertSameDecisions(PipelineOutcome actual, ScaleOutCluster cluster)
    {
        var expected = reference.Outcome;
        Assert.True(expected.StoredReadings == actual.StoredReadings,
            $"stored readings {actual.StoredReadings}, expected {expected.StoredReadings}\n{cluster.Diagnostics()}");
        if (!expected.SameAs(actual))
        {
            output.WriteLine(cluster.Diagnostics());
        }

        Assert.Equal(expected.Incidents, actual.Incidents);
        Assert.Equal(expected.Alerts, actual.Alerts);
    }
}
