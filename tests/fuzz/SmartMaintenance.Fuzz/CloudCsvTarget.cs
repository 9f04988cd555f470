using SmartMaintenance.Cloud.Ingestion;

namespace SmartMaintenance.Fuzz;

/// <summary>POST /api/v1/data/ingest/csv without the database: the streaming record reader, the header and every row's parse and validation.</summary>
internal static class CloudCsvTarget
{
    public static void Run(byte[] body)
    {
        using var stream = new MemoryStream(body, writable: false);
        var reader = new CsvLineReader(stream);
        var columns = CsvIngestion.Columns(reader.ReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult());
        while (reader.ReadAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult() is { } fields)
        {
            _ = CsvIngestion.ParseRow(reader, fields, columns, SensorCatalog.Default, FixedClock.Now, "fuzz-key", out _);
        }
    }
}
