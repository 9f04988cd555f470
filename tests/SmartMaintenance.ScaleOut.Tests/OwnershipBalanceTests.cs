using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace SmartMaintenance.ScaleOut.Tests;

/// <summary>
/// Even partition ownership after a join, with real processes. The scale-out bench's instances "cloud-1" and "cloud-2"
/// on 16 partitions: plain rendezvous hashing gave cloud-1 4 of the 16 validation partitions and cloud-2 12 (the bench
/// judged 1,280 and 6,720 of 8,000 readings); with bounded loads each instance owns ⌊P/N⌋ or ⌈P/N⌉ of every
/// subscription's partitions, 8 and 8 here, and 7 or 8 of the 15 single-partition subscriptions.
/// </summary>
public sealed class OwnershipBalanceTests(ITestOutputHelper output)
{
    private const int Partitions = 16;

    /// <summary>Far above the expected few heartbeats (1 s each, lease 4 s): a bound for a loaded CI machine, not a figure.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task SecondInstanceJoins_BothOwnTheirShareOfEverySubscription()
    {
        await using var cluster = await ScaleOutCluster.StartAsync(1, $"--Cloud:Agents:Bus:JetStream:Partitions={Partitions}");
        var first = cluster.Instances[0].InstanceId;
        var alone = await cluster.WaitAsync(cluster.OwnershipAsync, o => o.Complete(Partitions) && o.OwnersOfAny.SetEquals([first]), Settle,
            $"{first} alone to own every partition");

        var second = await cluster.AddInstanceAsync();
        var joinedAt = Stopwatch.StartNew();
        string[] both = [first, second.InstanceId];
        var after = await cluster.WaitAsync(cluster.OwnershipAsync,
            o => o.Complete(Partitions) && o.Partitions.SetEquals(alone.Partitions) && Shares(o, both).All(s => s.Fair), Settle,
            $"{first} and {second.InstanceId} to own their share of every subscription");

        output.WriteLine($"balanced {joinedAt.Elapsed.TotalSeconds:F1} s after {second.InstanceId} was ready (heartbeat 1 s, lease 4 s): {after}");
        foreach (var share in Shares(after, both))
        {
            output.WriteLine(share.ToString());
        }

        var validation = Assert.Single(Shares(after, both), s => s.Group == "ReadingReceived->ValidationAgent");
        Assert.Equal(new[] { 8, 8 }, validation.Owned);
        Assert.All(Shares(after, both), s => Assert.True(s.Fair, s.ToString()));
    }

    /// <summary>
    /// Per group (a partitioned subscription, or all single-partition subscriptions together) how many of its
    /// partitions each instance owns; fair when every count is ⌊size/N⌋ or ⌈size/N⌉.
    /// </summary>
    private static List<Share> Shares(Ownership ownership, IReadOnlyList<string> instances)
    {
        var bySubscription = ownership.Owners.GroupBy(o => o.Key[..o.Key.LastIndexOf('/')]).ToList();
        var groups = bySubscription.Where(g => g.Count() > 1).Select(g => (Group: g.Key, Owners: g.Select(o => o.Value[0]).ToList())).ToList();
        groups.Add(("single-partition subscriptions", bySubscription.Where(g => g.Count() == 1).Select(g => g.Single().Value[0]).ToList()));
        return groups.Select(g => new Share(g.Group, g.Owners.Count, [.. instances.Select(i => g.Owners.Count(o => o == i))])).ToList();
    }

    private sealed record Share(string Group, int Size, IReadOnlyList<int> Owned)
    {
        public bool Fair => Owned.All(n => n == Size / Owned.Count || n == (Size + Owned.Count - 1) / Owned.Count);

        public override string ToString() =>
            $"{Group}: {Size} partitions, owned {string.Join(" / ", Owned.Select(n => n.ToString(CultureInfo.InvariantCulture)))}";
    }
}
