using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.EdgeBroker.Retained;

/// <summary>
/// Which retained messages are saved when there are more than Broker:Retained:MaxMessages / MaxBytes allow:
/// configs before everything else (a device cannot run without its config; a status is re-sent at its next
/// connect), then by topic, so the choice is the same at every flush.
/// </summary>
internal static class RetainedCap
{
    private const string ConfigSuffix = "/" + TopicScheme.Config;

    public static List<RetainedRecord> Select(IEnumerable<RetainedRecord> records, RetainedOptions options, out int left)
    {
        var all = records.ToList();
        if (all.Count <= options.MaxMessages && all.Sum(r => r.Bytes) <= options.MaxBytes)
        {
            left = 0;
            return all;
        }

        var kept = new List<RetainedRecord>(Math.Min(all.Count, options.MaxMessages));
        long bytes = 0;
        foreach (var record in all.OrderBy(r => r.Topic!.EndsWith(ConfigSuffix, StringComparison.Ordinal) ? 0 : 1).ThenBy(r => r.Topic, StringComparer.Ordinal))
        {
            if (kept.Count < options.MaxMessages && bytes + record.Bytes <= options.MaxBytes)
            {
                kept.Add(record);
                bytes += record.Bytes;
            }
        }

        left = all.Count - kept.Count;
        return kept;
    }
}
