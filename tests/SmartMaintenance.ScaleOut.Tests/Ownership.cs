namespace SmartMaintenance.ScaleOut.Tests;

/// <summary>Partition ("subscription/partition") -> the instances whose /health says they own it.</summary>
internal sealed record Ownership(IReadOnlyDictionary<string, List<string>> Owners)
{
    /// <summary>Every partition has exactly one owner.</summary>
    public bool Exclusive => Owners.Values.All(o => o.Count == 1);

    public IReadOnlySet<string> Partitions => Owners.Keys.ToHashSet(StringComparer.Ordinal);

    public IReadOnlySet<string> OwnersOfAny => Owners.Values.SelectMany(o => o).ToHashSet(StringComparer.Ordinal);

    /// <summary>Each of the given partitions owned by exactly one of <paramref name="instances"/>, and nothing else owned.</summary>
    public bool Covers(IReadOnlySet<string> partitions, IReadOnlyCollection<string> instances) =>
        Exclusive && Partitions.SetEquals(partitions) && OwnersOfAny.All(instances.Contains);

    /// <summary>
    /// Every subscription seen has all its partitions owned: a partitioned one (some partition above 0 is owned)
    /// 0 to <paramref name="partitions"/> - 1, a total-order one its partition 0.
    /// </summary>
    public bool Complete(int partitions) =>
        Exclusive && Owners.Keys.GroupBy(k => k[..k.LastIndexOf('/')]).All(g =>
        {
            var owned = g.Select(k => int.Parse(k[(k.LastIndexOf('/') + 1)..], System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
            return owned.SetEquals(owned.Any(p => p > 0) ? Enumerable.Range(0, partitions) : [0]);
        });

    public override string ToString() =>
        $"{Owners.Count} partitions; " + string.Join(", ", Owners.GroupBy(o => string.Join("+", o.Value)).Select(g => $"{g.Key}: {g.Count()}"))
        + (Exclusive ? "" : "; shared: " + string.Join(", ", Owners.Where(o => o.Value.Count > 1).Select(o => o.Key)));
}
