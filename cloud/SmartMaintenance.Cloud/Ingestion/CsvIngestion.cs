using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Devices;
using SmartMaintenance.Cloud.Security;
using SmartMaintenance.Cloud.Storage;
using SmartMaintenance.Cloud.Storage.DeadLetters;
using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Cloud.Ingestion;

/// <summary>
/// POST /api/v1/data/ingest/csv (Content-Type: text/csv), streamed.
///
/// Format: a header row naming the columns (any order): sensor_id, value, sensor_type, unit required; timestamp
/// (ISO 8601), device_id, sequence, correlation_id optional.
///
/// Partial success: every valid row is stored, in transactions of CsvChunkRows rows committed while the upload
/// streams; every invalid row is refused alone, reported with its line number and field, and dead-lettered. The
/// answer is 200 with the counts (or 400 when the header is unusable, and nothing is stored). If the upload breaks
/// off, the chunks committed so far stay: re-send the file with the same Idempotency-Key (or with device_id +
/// sequence columns) and the rows already stored come back as duplicates instead of being stored twice.
/// </summary>
internal static class CsvIngestion
{
    public const int MaxReportedErrors = 100;

    private static readonly string[] Required = ["sensor_id", "value", "sensor_type", "unit"];

    public static async Task<IResult> ImportAsync(
        HttpContext context, IReadingStore store, IDeadLetterStore deadLetters, IngestMetrics metrics, SensorCatalog catalog,
        BrokerManagedDevices managed, IOptions<HttpSecurityOptions> http, IOptions<IngestionOptions> options, TimeProvider time)
    {
        if (RequestBody.CheckMediaType(context.Request, "text/csv") is { } unsupported)
        {
            return unsupported;
        }

        RequestBody.Limit(context, http.Value.MaxCsvBodyBytes);
        var idempotencyKey = context.Request.Headers[IngestionApi.IdempotencyHeader].ToString();
        var cancellationToken = context.RequestAborted;
        var reader = new CsvLineReader(context.Request.Body);
        var result = new CsvImportResult();
        var broker = context.Features.Get<PresentedApiKey>()?.Principal?.Has(ApiScopes.Broker) == true;
        try
        {
            var header = await reader.ReadAsync(cancellationToken);
            var columns = Columns(header);
            var missing = Required.Where(r => !columns.ContainsKey(r)).ToList();
            if (missing.Count > 0)
            {
                return TypedResults.ValidationProblem(
                    new Dictionary<string, string[]> { ["header"] = [$"line 1 must name the columns; missing: {string.Join(", ", missing)}."] },
                    title: "The CSV header is invalid.");
            }

                var chunk = new List<NewReading>(options.Value.CsvChunkRows);
            var letters = new List<DeadLetter>();
            while (await reader.ReadAsync(cancellationToken) is { } fields)
            {
                if (fields.Count == 1 && fields[0].Length == 0)
                {
                    continue; // blank line
                }

                result.Rows++;
                var now = time.GetUtcNow();
                var reading = ParseRow(reader, fields, columns, catalog, now, idempotencyKey, out var error);
                if (reading is not null && !broker && await ManagedOwnerAsync(reading, managed, cancellationToken) is { } owner)
                {
                    // A registered device's telemetry (and its sequence space) is the broker's.
                    error = new CsvRowError(reader.Line, reading.DeviceId is null ? "sensor_id" : "device_id",
                        $"device '{owner}' is registered: its telemetry is accepted only from the edge broker (a key with the '{ApiScopes.Broker}' scope).");
                    reading = null;
                }

                if (reading is null)
                {
                    result.Rejected++;
                    if (result.Errors.Count < MaxReportedErrors)
                    {
                        result.Errors.Add(error!);
                    }

                    letters.Add(new DeadLetter(now, "csv", $"line {error!.Line}: {error.Field}: {error.Message}", string.Join(',', fields)));
                    continue;
                }

                chunk.Add(reading);
                if (chunk.Count >= options.Value.CsvChunkRows || letters.Count >= options.Value.CsvChunkRows)
                {
                    await FlushAsync(store, deadLetters, metrics, chunk, letters, result, cancellationToken);
                }
            }

            await FlushAsync(store, deadLetters, metrics, chunk, letters, result, cancellationToken);
        }
        catch (BadHttpRequestException ex)
        {
            return RequestBody.TooLargeOrBad(ex);
        }
        catch (InvalidDataException ex)
        {
            return RequestBody.Undecodable(ex);
        }

        result.ErrorsTruncated = result.Rejected > result.Errors.Count;
        return TypedResults.Ok(result);
    }

    private static async Task FlushAsync(IReadingStore store, IDeadLetterStore deadLetters, IngestMetrics metrics,
        List<NewReading> chunk, List<DeadLetter> letters, CsvImportResult result, CancellationToken cancellationToken)
    {
        if (chunk.Count > 0)
        {
            var outcomes = await store.AppendAsync(chunk, cancellationToken);
            var duplicates = outcomes.Count(o => o.Duplicate);
            result.Stored += outcomes.Count - duplicates;
            result.Duplicates += duplicates;
            metrics.Stored(outcomes.Count - duplicates, "csv");
            metrics.Duplicates(duplicates, "csv");
            chunk.Clear();
        }

        if (letters.Count > 0)
        {
            metrics.Rejected(letters.Count, "csv");
            await deadLetters.AddAsync(letters, cancellationToken);
            letters.Clear();
        }
    }

    internal static NewReading? ParseRow(CsvLineReader reader, List<string> fields, Dictionary<string, int> columns, SensorCatalog catalog,
        DateTimeOffset now, string idempotencyKey, out CsvRowError? error)
    {
        var line = reader.Line;
        error = null;
        if (reader.TooLong)
        {
            error = new CsvRowError(line, "row", $"the row is longer than {CsvLineReader.MaxRecordChars} characters.");
            return null;
        }

        string? Get(string name) => columns.TryGetValue(name, out var i) && i < fields.Count && fields[i].Length > 0 ? fields[i].Trim() : null;

        double? value = null;
        if (Get("value") is { } v)
        {
            if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
            {
                error = new CsvRowError(line, "value", $"'{Cut(v)}' is not a number.");
                return null;
            }

            value = parsed;
        }

        DateTimeOffset? timestamp = null;
        if (Get("timestamp") is { } t)
        {
            if (!DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                error = new CsvRowError(line, "timestamp", $"'{Cut(t)}' is not an ISO 8601 time.");
                return null;
            }

            timestamp = parsed;
        }

        long? sequence = null;
        if (Get("sequence") is { } s)
        {
            if (!long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) || parsed < 0)
            {
                error = new CsvRowError(line, "sequence", $"'{Cut(s)}' is not a non-negative integer.");
                return null;
            }

            sequence = parsed;
        }

        var device = Get("device_id");
        if (device is not null && !TopicScheme.IsValidId(device))
        {
            error = new CsvRowError(line, "device_id", "device_id must be 1-64 characters of letters, digits, '-', '_' or '.'.");
            return null;
        }

        var request = new ReadingIngestRequest
        {
            SensorId = Get("sensor_id"),
            Value = value,
            SensorType = Get("sensor_type"),
            Unit = Get("unit"),
            Timestamp = timestamp,
            CorrelationId = Get("correlation_id"),
        };
        var errors = ReadingRules.Validate(request, now, catalog);
        if (errors.Count > 0)
        {
            var first = errors.First();
            error = new CsvRowError(line, first.Key, string.Join(" ", errors.SelectMany(e => e.Value)));
            return null;
        }

        var dedup = device is not null && sequence is not null
            ? DedupKeys.ForDevice(device, sequence.Value)
            : idempotencyKey.Length > 0 ? DedupKeys.ForClientKey(idempotencyKey, line) : null;
        return new NewReading(device, sequence, request.SensorId!, request.SensorType!, request.Unit!, MessageKinds.Reading,
            value!.Value, timestamp ?? now, now, request.CorrelationId, null, dedup);
    }

    /// <summary>Column name (trimmed, lower case) -> index, the first of duplicates; empty without a header.</summary>
    internal static Dictionary<string, int> Columns(List<string>? header) =>
        header?.Select((name, i) => (name: name.Trim().ToLowerInvariant(), i)).GroupBy(c => c.name).ToDictionary(g => g.Key, g => g.First().i) ?? [];

    /// <summary>The registered device a row writes for (by its device_id, else by its sensor), or null.</summary>
    private static async ValueTask<string?> ManagedOwnerAsync(NewReading reading, BrokerManagedDevices managed, CancellationToken cancellationToken) =>
        reading.DeviceId is { } device
            ? await managed.IsManagedAsync(device, cancellationToken) ? device : null
            : await managed.OwnerOfSensorAsync(reading.SensorId, cancellationToken);

    private static string Cut(string text) => text.Length > 40 ? text[..40] + "…" : text;
}

/// <summary>Answer of a CSV import: counts, and the first <see cref="CsvIngestion.MaxReportedErrors"/> row errors.</summary>
public sealed class CsvImportResult
{
    [JsonPropertyName("rows")] public long Rows { get; set; }
    [JsonPropertyName("stored")] public long Stored { get; set; }
    [JsonPropertyName("duplicates")] public long Duplicates { get; set; }
    [JsonPropertyName("rejected")] public long Rejected { get; set; }
    [JsonPropertyName("errors")] public List<CsvRowError> Errors { get; } = [];
    [JsonPropertyName("errors_truncated")] public bool ErrorsTruncated { get; set; }
}

/// <summary>Why one CSV row was refused: its 1-based line number, the field and the message.</summary>
public sealed record CsvRowError(
    [property: JsonPropertyName("line")] long Line,
    [property: JsonPropertyName("field")] string Field,
    [property: JsonPropertyName("message")] string Message);
