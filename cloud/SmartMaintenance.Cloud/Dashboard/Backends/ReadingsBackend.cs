using System.Diagnostics;
using SmartMaintenance.Cloud.Ingestion;
using SmartMaintenance.Cloud.Storage;
using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Cloud.Dashboard.Backends;

/// <summary>What Manual Ingestion stored: the reading id, its correlation id and the time the store took.</summary>
public sealed record ManualIngestResult(long Id, string SensorId, string CorrelationId, double LatencyMs);

/// <summary>Either a result or the fields that were refused, each with the resource key of its message.</summary>
public sealed record ManualIngestOutcome(ManualIngestResult? Result, IReadOnlyList<(string Field, string MessageKey)> Errors);

/// <summary>
/// The dashboard's view of the reading store: the same validation rules and store as POST /api/v1/data/ingest
/// (so a reading typed on the page is treated exactly like one sent by a client), and keyset paging for the
/// Data Explorer.
/// </summary>
public sealed class ReadingsBackend(IReadingStore store, IngestMetrics metrics, SensorCatalog catalog)
{
    // API field name -> the page's property and a localized message (the API's own messages are English).
    private static readonly Dictionary<string, (string Field, string Key)> FieldMessages = new()
    {
        ["sensor_id"] = ("SensorId", "Ingest.Error.SensorId"),
        ["value"] = ("Value", "Ingest.Error.Value"),
        ["sensor_type"] = ("SensorType", "Ingest.Error.SensorType"),
        ["unit"] = ("Unit", "Ingest.Error.Unit"),
        ["timestamp"] = ("Timestamp", "Ingest.Error.Timestamp"),
    };

    public async Task<ManualIngestOutcome> IngestAsync(string sensorId, double value, string sensorType, string unit,
        DateTimeOffset? timestamp, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var request = new ReadingIngestRequest
        {
            SensorId = sensorId.Trim(),
            Value = value,
            SensorType = sensorType.Trim(),
            Unit = unit.Trim(),
            Timestamp = timestamp,
        };
        var errors = ReadingRules.Validate(request, now, catalog);
        if (errors.Count > 0)
        {
            metrics.Rejected(1, "dashboard");
            var mapped = errors.Keys
                .Select(k => FieldMessages.TryGetValue(k, out var m) ? m : (string.Empty, "Ingest.Error.Other"))
                .ToList();
            return new ManualIngestOutcome(null, mapped);
        }

        var correlationId = Guid.NewGuid().ToString("N");
        var started = time.GetTimestamp();
        var stored = await store.AppendAsync(
        [
            new NewReading(null, null, request.SensorId!, request.SensorType!, request.Unit!, MessageKinds.Reading,
                value, timestamp ?? now, now, correlationId),
        ], cancellationToken);
        var latency = time.GetElapsedTime(started).TotalMilliseconds;
        metrics.Stored(1, "dashboard");
        return new ManualIngestOutcome(new ManualIngestResult(stored[0].Id ?? 0, request.SensorId!, correlationId, latency), []);
    }

    /// <summary>One page of readings after the cursor (ascending id) and the cursor of the next page, if any.</summary>
    public async Task<(IReadOnlyList<StoredReading> Items, long? Next)> PageAsync(ReadingFilter filter, long after, int limit,
        CancellationToken cancellationToken)
    {
        var items = await store.QueryAsync(filter.ToQuery(after, limit), cancellationToken);
        return (items, items.Count == limit ? items[^1].Id : null);
    }

    /// <summary>
    /// The newest <paramref name="limit"/> readings of the filter before filter.To, newest first, and the total count
    /// of the filter. The store pages by ascending id only (both engines, one contract), so the newest page is found
    /// by narrowing the time window back from To until it holds at least a page (counts are index-only), then
    /// reading that window; at most <see cref="WindowCap"/> rows are read for one page.
    /// </summary>
    public async Task<(IReadOnlyList<StoredReading> Items, long Total)> NewestAsync(ReadingFilter filter, DateTimeOffset now, int limit,
        CancellationToken cancellationToken)
    {
        var to = filter.To ?? now.AddMinutes(5);
        var from = filter.From ?? DateTimeOffset.UnixEpoch;
        var total = await store.CountAsync(filter.ToQuery(0, 1), cancellationToken);
        if (total == 0)
        {
            return ([], 0);
        }

        // Grow the window (1 min, 2, 4 ...) until it holds a page; then shrink while it holds far more than a page.
        var width = TimeSpan.FromMinutes(1);
        long count;
        while (true)
        {
            var start = to - width < from ? from : to - width;
            count = await store.CountAsync((filter with { From = start, To = to }).ToQuery(0, 1), cancellationToken);
            if (count >= limit || start == from)
            {
                break;
            }

            width *= 2;
        }

        var low = TimeSpan.Zero;
        for (var i = 0; i < 12 && count > WindowCap; i++)
        {
            var mid = (low + width) / 2;
            var midCount = await store.CountAsync((filter with { From = to - mid, To = to }).ToQuery(0, 1), cancellationToken);
            if (midCount >= limit)
            {
                width = mid;
                count = midCount;
            }
            else
            {
                low = mid;
            }
        }

        var windowStart = to - width < from ? from : to - width;
        var rows = new List<StoredReading>();
        long after = 0;
        while (rows.Count < WindowCap)
        {
            var page = await store.QueryAsync((filter with { From = windowStart, To = to }).ToQuery(after, 1000), cancellationToken);
            rows.AddRange(page);
            if (page.Count < 1000)
            {
                break;
            }

            after = page[^1].Id;
        }

        return (rows.OrderByDescending(r => r.Timestamp).ThenByDescending(r => r.Id).Take(limit).ToList(), total);
    }

    /// <summary>The most rows one newest-page read takes from the store (a burst of many readings in one millisecond).</summary>
    public const int WindowCap = 5000;

    /// <summary>Every matching reading, page by page (for the CSV export; nothing is held in memory).</summary>
    public async IAsyncEnumerable<StoredReading> AllAsync(ReadingFilter filter,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long after = 0;
        while (true)
        {
            var page = await store.QueryAsync(filter.ToQuery(after, 1000), cancellationToken);
            foreach (var r in page)
            {
                yield return r;
            }

            if (page.Count < 1000)
            {
                yield break;
            }

            after = page[^1].Id;
        }
    }

    /// <summary>Is the database answering? Returns the round-trip time, or the error text.</summary>
    public async Task<(bool Ok, double Milliseconds, string? Error)> ProbeAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        try
        {
            await store.QueryAsync(new ReadingQuery(Limit: 1), cancellationToken);
            return (true, time.GetElapsedTime(started).TotalMilliseconds, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (false, time.GetElapsedTime(started).TotalMilliseconds, ex.GetType().Name);
        }
    }
}

/// <summary>The Data Explorer's filters (times in UTC).</summary>
public sealed record ReadingFilter(string? SensorId, string? SensorType, string? DeviceId, DateTimeOffset? From, DateTimeOffset? To,
    IReadOnlyCollection<string>? ExcludeDevices = null)
{
    public ReadingQuery ToQuery(long after, int limit) =>
        new(Empty(SensorId), Empty(SensorType), Empty(DeviceId), From, To, after, limit, ExcludeDevices);

    private static string? Empty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
