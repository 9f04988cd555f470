namespace SmartMaintenance.Cloud.Agents.Bus.JetStream;

/// <summary>
/// Who owns which partition: rendezvous (highest random weight) hashing with bounded loads. Every (instance,
/// partition) pair has a pseudo-random score; plain rendezvous gives each partition to its highest-scoring instance,
/// which moves few partitions on a join or leave but balances only on average: the bench's instances "cloud-1" and
/// "cloud-2" drew 4 and 12 of the 16 validation partitions (docs/scale-out.md). Here the pairs are taken in
/// descending score order and a partition goes to the first instance of its pairs that still has room, where room is
/// an exact share: every instance ends with ⌊P/N⌋ or ⌈P/N⌉ partitions of a group (the P mod N larger shares go to the
/// instances that reach them first in score order). The same sorted live list and keys give the same answer in
/// every instance, with no coordinator; a join or leave still moves about the newcomer's (or leaver's) share plus
/// about one partition more (tests: RendezvousAssignmentTests).
/// </summary>
internal static class RendezvousAssignment
{
    /// <summary>
    /// Owner of every key of one group (the partitions of one subscription, or the single-partition subscriptions
    /// together), each instance holding ⌊keys/instances⌋ or ⌈keys/instances⌉ of them.
    /// </summary>
    public static Dictionary<string, string> Assign(IReadOnlyList<string> keys, IReadOnlyCollection<string> instances)
    {
        if (instances.Count == 0)
        {
            throw new InvalidOperationException("no live instance");
        }

        var pairs = new List<(ulong Score, string Instance, string Key)>(keys.Count * instances.Count);
        foreach (var key in keys)
        {
            foreach (var instance in instances)
            {
                pairs.Add((Score(instance, key), instance, key));
            }
        }

        // Ties (practically never) go to the ordinally smaller instance, then key, so every instance still agrees.
        pairs.Sort(static (a, b) =>
        {
            var order = b.Score.CompareTo(a.Score);
            order = order != 0 ? order : string.CompareOrdinal(a.Instance, b.Instance);
            return order != 0 ? order : string.CompareOrdinal(a.Key, b.Key);
        });

        var share = keys.Count / instances.Count;
        var larger = keys.Count % instances.Count; // instances that may take share + 1
        var load = new Dictionary<string, int>(instances.Count, StringComparer.Ordinal);
        var owners = new Dictionary<string, string>(keys.Count, StringComparer.Ordinal);
        foreach (var (_, instance, key) in pairs)
        {
            if (owners.Count == keys.Count)
            {
                break;
            }

            if (owners.ContainsKey(key))
            {
                continue;
            }

            var held = load.GetValueOrDefault(instance);
            if (held < share || (held == share && larger > 0))
            {
                if (held == share)
                {
                    larger--;
                }

                load[instance] = held + 1;
                owners[key] = instance;
            }
        }

        // Every key is placed: a key left over would mean every instance refused it, i.e. all full, but the shares add
        // up to exactly keys.Count.
        return owners;
    }

    /// <summary>64-bit FNV-1a of both names, then a finaliser (splitmix64) so near-equal names still spread evenly.</summary>
    internal static ulong Score(string instance, string partitionKey)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in instance)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        hash = (hash ^ '|') * 1099511628211UL;
        foreach (var c in partitionKey)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        hash ^= hash >> 30;
        hash *= 0xbf58476d1ce4e5b9UL;
        hash ^= hash >> 27;
        hash *= 0x94d049bb133111ebUL;
        return hash ^ (hash >> 31);
    }
}
