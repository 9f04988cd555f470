using SmartMaintenance.Cloud.Ingestion;
using SmartMaintenance.Cloud.Storage;

namespace SmartMaintenance.Fuzz;

/// <summary>
/// POST /api/v1/data/ingest/batch without the database: the batch parser, every item's validation, and for the valid
/// items the arithmetic the endpoint does next (device clock calibration and estimate, de-duplication key), plus the
/// dead-letter text of the refused ones.
/// </summary>
internal static class CloudBatchTarget
{
    public static void Run(byte[] body)
    {
        // A fresh table per input: in persistent mode a static one would carry devices from earlier inputs, and a
        // crash would then not reproduce from its input alone.
        var clocks = new DeviceClocks();
        var parsed = BatchParser.Parse(body);
        for (var i = 0; i < parsed.Items.Count; i++)
        {
            var (item, error) = parsed.Items[i];
            error ??= ReadingRules.Validate(item, FixedClock.Now, SensorCatalog.Default);
            if (error is not null)
            {
                _ = parsed.RawItem(i);
                continue;
            }

            var m = item.Message;
            _ = DedupKeys.ForDevice(item.DeviceId, item.Sequence);
            if (m.Timestamp is { } ts)
            {
                if (m.UptimeMs is { } up)
                {
                    clocks.Calibrate(item.DeviceId, ts, up);
                }
            }
            else if (m.UptimeMs is { } uptime)
            {
                _ = clocks.Estimate(item.DeviceId, uptime, item.ReceivedAt);
            }
        }
    }
}
