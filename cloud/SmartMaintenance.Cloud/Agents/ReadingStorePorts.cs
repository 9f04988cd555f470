using SmartMaintenance.Cloud.Agents.Acquisition;
using SmartMaintenance.Cloud.Agents.AnomalyDetection;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Storage;
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Cloud.Agents;

/// <summary>
/// Adapts the data plane's IReadingStore to the agents' ports: data acquisition pages through it by id (keyset),
/// simulation and the Golden Path append through it like any ingestion; the anomaly agent rebuilds a machine from it,
/// the validation and drift agents a sensor.
/// </summary>
internal sealed class ReadingStorePorts(IReadingStore store, TimeProvider time) : IReadingSource, IReadingWriter, IMachineHistory
{
    /// <summary>Rows per query of a rebuild (keyset pages by id).</summary>
    private const int HistoryPage = 5_000;

    public async Task<IReadOnlyList<SensorReading>> ReadAfterAsync(long afterId, int limit, CancellationToken cancellationToken) =>
        await ReadAsync(new ReadingQuery(AfterId: afterId, Limit: limit), cancellationToken);

    /// <summary>
    /// The last <paramref name="limit"/> readings of one device in [since, beforeId), lowest id first: the anomaly agent
    /// rebuilds a machine from them. The newest, not the window's first ones: the incident rule, the latest verdicts and
    /// the refitted baseline depend on the most recent rows, so a machine rebuilt from its oldest rows would resume a
    /// takeover with another open incident, warm-up and baseline than the uninterrupted run.
    /// </summary>
    public Task<IReadOnlyList<SensorReading>> ReadDeviceAsync(string deviceId, long beforeId, DateTimeOffset since, int limit,
        CancellationToken cancellationToken) =>
        ReadLastAsync(new ReadingQuery(DeviceId: deviceId, From: since, Limit: HistoryPage), _ => true, beforeId, limit, cancellationToken);

    /// <summary>The last <paramref name="limit"/> readings of one sensor in [since, beforeId), lowest id first.</summary>
    public Task<IReadOnlyList<SensorReading>> ReadSensorAsync(string deviceId, string sensorId, long beforeId, DateTimeOffset since,
        int limit, CancellationToken cancellationToken)
    {
        // A reading stored without a device is named "sensor:{id}" (ReadAsync): its rows have no device to filter on.
        var device = deviceId == $"sensor:{sensorId}" ? null : deviceId;
        return ReadLastAsync(new ReadingQuery(SensorId: sensorId, DeviceId: device, From: since, Limit: HistoryPage),
            r => r.DeviceId == deviceId, beforeId, limit, cancellationToken);
    }

    /// <summary>
    /// The newest <paramref name="limit"/> rows of <paramref name="window"/> that <paramref name="keep"/> selects, with an id
    /// below <paramref name="beforeId"/>, lowest id first. The store pages by ascending id only, so the window is read
    /// through and the newest rows kept: its cost is the rows in the window, which the callers bound with their
    /// RebuildWindow (the memory held is at most <paramref name="limit"/> rows plus one page).
    /// </summary>
    private async Task<IReadOnlyList<SensorReading>> ReadLastAsync(ReadingQuery window, Func<SensorReading, bool> keep, long beforeId,
        int limit, CancellationToken cancellationToken)
    {
        var kept = new Queue<SensorReading>();
        var after = 0L;
        while (limit > 0)
        {
            var page = await ReadAsync(window with { AfterId = after }, cancellationToken);
            foreach (var r in page)
            {
                if (r.ReadingId >= beforeId)
                {
                    return [.. kept];
                }

                if (!keep(r))
                {
                    continue;
                }

                kept.Enqueue(r);
                if (kept.Count > limit)
                {
                    kept.Dequeue();
                }
            }

            if (page.Count < window.Limit)
            {
                break;
            }

            after = page[^1].ReadingId;
        }

        return [.. kept];
    }

    private async Task<IReadOnlyList<SensorReading>> ReadAsync(ReadingQuery query, CancellationToken cancellationToken)
    {
        var page = await store.QueryAsync(query, cancellationToken);
        // The device's stuck verdict and summary statistics travel on: validation reports a device-flagged or
        // zero-variance summary as a stuck sensor, which one stored row cannot show any other way.
        return page.Select(r => new SensorReading(r.Id, r.DeviceId ?? $"sensor:{r.SensorId}", r.SensorId, r.SensorType, r.Unit,
            r.Kind, r.Value, r.Timestamp, r.CorrelationId, r.Stuck, r.SummaryCount, r.SummaryStd, r.SummaryMin, r.SummaryMax)).ToList();
    }

    public async Task<IReadOnlyList<long>> AppendAsync(IReadOnlyList<GeneratedReading> readings, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var results = await store.AppendAsync(readings.Select(r => new NewReading(r.DeviceId, null, r.SensorId, r.SensorType, r.Unit,
            MessageKinds.Reading, r.Value, r.Timestamp, now, r.CorrelationId)).ToList(), cancellationToken);
        return results.Select(r => r.Id ?? 0).ToList();
    }
}
