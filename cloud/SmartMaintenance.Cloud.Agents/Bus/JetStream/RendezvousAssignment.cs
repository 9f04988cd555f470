namespace SmartMaintenance.Cloud.Agents.Bus.JetStream;

/// <summary>
/// Rendezvous (highest random weight) hashing: a partition belongs to the live instance with the highest score for
/// it. Every instance computes the same answer from the same instance list, with no coordinator; when an instance
/// joins or leaves, only the partitions it wins or held move (about 1/N of them).
/// </summary>
internal static class RendezvousAssignment
{
    public static string OwnerOf(string partitionKey, IReadOnlyCollection<string> instances)
    {
        string? best = null;
        ulong bestScore = 0;
        foreach (var instance in instances)
        {
            var score = Score(instance, partitionKey);
            // Ties (practically never) go to the ordinally smaller name, so every instance still agrees.
            if (best is null || score > bestScore || (score == bestScore && string.CompareOrdinal(instance, best) < 0))
            {
                best = instance;
                bestScore = score;
            }
        }

        return best ?? throw new InvalidOperationException("no live instance");
    }

    /// <summary>64-bit FNV-1a of both names, then a finaliser (splitmix64) so near-equal names still spread evenly.</summary>
    private static ulong Score(string instance, string partitionKey)
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
