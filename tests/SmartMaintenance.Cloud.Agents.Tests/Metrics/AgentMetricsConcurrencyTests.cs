using SmartMaintenance.Cloud.Agents.Metrics;

namespace SmartMaintenance.Cloud.Agents.Tests.Metrics;

/// <summary>
/// The scale-out test's 500 from GET /api/v1/metrics/snapshot (issue 16): a snapshot taken while agents and partitions
/// are counted for the first time (a starting instance's agents handling their first events) threw ArgumentException
/// from ConcurrentDictionary's CopyTo inside LINQ's OrderBy. Snapshots taken while new agents, partitions, event types
/// and rules keep appearing must all succeed and be consistent.
/// </summary>
public sealed class AgentMetricsConcurrencyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Snapshot_WhileNewAgentsAndPartitionsAppear_NeverThrowsAndIsOrdered()
    {
        const int Rounds = 60;
        const int NewKeys = 200;
        for (var round = 0; round < Rounds; round++)
        {
            using var metrics = new AgentMetrics();
            var adder = Task.Run(() =>
            {
                for (var i = 0; i < NewKeys; i++)
                {
                    metrics.Handled($"Agent{i:D3}", TimeSpan.FromMilliseconds(i));
                    metrics.PartitionLag("ReadingReceived->ValidationAgent", i, i);
                    metrics.Published($"Event{i:D3}");
                    metrics.Rejected($"rule{i:D3}");
                }
            });

            // Snapshots race the adder on the other core; every one must succeed.
            do
            {
                var snapshot = metrics.Snapshot(Now);
                Assert.Equal(snapshot.Agents.OrderBy(a => a.Agent).Select(a => a.Agent), snapshot.Agents.Select(a => a.Agent));
                Assert.Equal(snapshot.Partitions.OrderBy(p => p.Partition).Select(p => p.Partition), snapshot.Partitions.Select(p => p.Partition));
            }
            while (!adder.IsCompleted);

            await adder;
            var last = metrics.Snapshot(Now);
            Assert.Equal(NewKeys, last.Agents.Count);
            Assert.Equal(NewKeys, last.Partitions.Count);
            Assert.Equal(NewKeys, last.EventsPublished.Count);
            Assert.Equal(NewKeys, last.ReadingsRejected.Count);
        }
    }
}
