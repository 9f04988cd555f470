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

    public async Task<IReadOnlyList<SensorReading>> ReadDeviceAsync(string deviceId, long beforeId, DateTimeOffset since, int limit,
        CancellationToken cancellationToken)
    {
        var result = new List<SensorReading>();
        var after = 0L;
        while (result.Count < limit)
        {
            var page = await ReadAsync(new ReadingQuery(DeviceId: deviceId, From: since, AfterId: after, Limit: Math.Min(HistoryPage, limit - result.Count)),
                cancellationToken);
            foreach (var r in page)
            {
                if (r.ReadingId >= beforeId)
                {
                    return result;
                }

                result.Add(r);
            }

            if (page.Count == 0)
            {
                break;
            }

            after = page[^1].ReadingId;
        }

        return result;
    }

    /// <summary>
    /// The last <paramref name="limit"/> readings of one sensor in [since, beforeId): the store pages by ascending id only,
    /// so the window is read through and the newest rows kept; its cost is the sensor's rows in the window, which the
    /// callers bound with their RebuildWindow.
    /// </summary>
    public async Task<IReadOnlyList<SensorReading>> ReadSensorAsync(string deviceId, string sensorId, long beforeId, DateTimeOffset since,
        int limit, CancellationToken cancellationToken)
    {
        var kept = new Queue<SensorReading>();
        var after = 0L;
        // A reading stored without a device is named "sensor:{id}" (ReadAsync): its rows have no device to filter on.
        var device = deviceId == $"sensor:{sensorId}" ? null : deviceId;
        while (limit > 0)
        {
            var page = await ReadAsync(new ReadingQuery(SensorId: sensorId, DeviceId: device, From: since, AfterId: after, Limit: HistoryPage),
                cancellationToken);
            foreach (var r in page)
            {
                if (r.ReadingId >= beforeId)
                {
                    return [.. kept];
                }

                if (r.DeviceId != deviceId)
                {
                    continue;
                }

                kept.Enqueue(r);
                if (kept.Count > limit)
                {
                    kept.Dequeue();
                }
            }

            if (page.Count < HistoryPage)
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
