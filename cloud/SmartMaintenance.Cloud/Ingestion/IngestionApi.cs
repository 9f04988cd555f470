using System.Text.Json;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Devices;
using SmartMaintenance.Cloud.Security;
using SmartMaintenance.Cloud.Storage;
using SmartMaintenance.Cloud.Storage.DeadLetters;
using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Cloud.Ingestion;

/// <summary>
/// POST /api/v1/data/ingest        one reading (the prototype's body), 202 with the reading id
/// POST /api/v1/data/ingest/batch  what the edge broker forwards (gzip accepted); per-item results; idempotent by
///                                 (device, sequence)
/// POST /api/v1/data/ingest/csv    streamed bulk upload, see <see cref="CsvIngestion"/>
/// All need the "ingest" scope. An Idempotency-Key header makes the single and CSV endpoints idempotent too; the
/// same key with a different reading is a 409. Telemetry of a registered (broker-managed) device needs the "broker"
/// scope as well: its identity and sequence space are the broker's (<see cref="BrokerManagedDevices"/>).
/// </summary>
public static class IngestionApi
{
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>Dead-letter payloads may hold what strict JSON cannot (an infinite value is why they were refused).</summary>
    private static readonly JsonSerializerOptions DeadLetterJson = new()
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        TypeInfoResolver = ContractsJsonContext.Default,
    };

    public static IEndpointRouteBuilder MapIngestionApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/data").RequireScope(ApiScopes.Ingest).WithTags("Ingestion");
        api.MapPost("/ingest", IngestOneAsync)
            .Accepts<ReadingIngestRequest>("application/json")
            .Produces<ReadingIngestResponse>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem();
        api.MapPost("/ingest/batch", IngestBatchAsync)
            .Accepts<IngestBatch>("application/json")
            .Produces<IngestBatchResult>()
            .ProducesValidationProblem();
        api.MapPost("/ingest/csv", CsvIngestion.ImportAsync)
            .Accepts<string>("text/csv")
            .Produces<CsvImportResult>()
            .ProducesValidationProblem();
        return routes;
    }

    internal static async Task<IResult> IngestOneAsync(
        HttpContext context, IReadingStore store, IDeadLetterStore deadLetters, IngestMetrics metrics, SensorCatalog catalog,
        BrokerManagedDevices managed, IOptions<HttpSecurityOptions> http, TimeProvider time)
    {
        var cancellationToken = context.RequestAborted;
        var (request, problem) = await RequestBody.ReadJsonAsync(context, ContractsJsonContext.Default.ReadingIngestRequest, http.Value.MaxJsonBodyBytes);
        var now = time.GetUtcNow();
        if (problem is not null)
        {
            metrics.Rejected(1, "ingest");
            await deadLetters.AddAsync([new DeadLetter(now, "ingest", "unreadable body", null)], cancellationToken);
            return problem;
        }

        var errors = ReadingRules.Validate(request!, now, catalog);
        var idempotencyKey = context.Request.Headers[IdempotencyHeader].ToString();
        if (idempotencyKey.Length > 200)
        {
            errors[IdempotencyHeader] = ["Idempotency-Key must be at most 200 characters."];
        }

        if (errors.Count > 0)
        {
            metrics.Rejected(1, "ingest");
            await deadLetters.AddAsync([new DeadLetter(now, "ingest", string.Join("; ", errors.SelectMany(e => e.Value)),
                JsonSerializer.Serialize(request!, DeadLetterJson))], cancellationToken);
            return TypedResults.ValidationProblem(errors, title: "The reading is invalid.");
        }

        if (!IsBroker(context) && await managed.OwnerOfSensorAsync(request!.SensorId!, cancellationToken) is { } owner)
        {
            metrics.Rejected(1, "ingest");
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "The sensor belongs to a broker-managed device",
                detail: $"Sensor '{request.SensorId}' belongs to the registered device '{owner}': its telemetry is accepted only " +
                        $"from the edge broker (a key with the '{ApiScopes.Broker}' scope).");
        }

        var correlationId = string.IsNullOrWhiteSpace(request!.CorrelationId) ? Guid.NewGuid().ToString("N") : request.CorrelationId;
        var reading = new NewReading(
            DeviceId: null,
            Sequence: null,
            SensorId: request.SensorId!,
            SensorType: request.SensorType!,
            Unit: request.Unit!,
            Kind: MessageKinds.Reading,
            Value: request.Value!.Value,
            Timestamp: request.Timestamp ?? now,
            ReceivedAt: now,
            CorrelationId: correlationId,
            DedupKey: idempotencyKey.Length > 0 ? DedupKeys.ForClientKey(idempotencyKey) : null);
        var result = (await store.AppendAsync([reading], cancellationToken))[0];
        var location = $"/api/v1/sensors/readings?sensor_id={Uri.EscapeDataString(reading.SensorId)}";
        if (result.Duplicate)
        {
            // The key was used before: a replay of the same reading is answered as a duplicate; a different reading
            // under the same key is the client's mistake, and storing nothing silently would lose it.
            if (await store.FindByDedupKeyAsync(reading.DedupKey!, cancellationToken) is { } earlier && !SameReading(request, earlier))
            {
                metrics.Rejected(1, "ingest");
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Idempotency-Key reused with a different body",
                    detail: $"The Idempotency-Key '{idempotencyKey}' was already used for a different reading (id {earlier.Id}); " +
                            "send a new key for a new reading, or the same body to repeat the earlier one.");
            }

            // A replay of an Idempotency-Key already stored: nothing new was written.
            metrics.Duplicates(1, "ingest");
            return TypedResults.Ok(new ReadingIngestResponse(0, correlationId, IngestItemStatus.Duplicate));
        }

        metrics.Stored(1, "ingest");
        return TypedResults.Accepted(location, new ReadingIngestResponse(result.Id ?? 0, correlationId, "accepted"));
    }

    internal static async Task<IResult> IngestBatchAsync(
        HttpContext context, IReadingStore store, IDeadLetterStore deadLetters, IngestMetrics metrics, SensorCatalog catalog,
        DeviceClocks clocks, BrokerManagedDevices managed, IOptions<HttpSecurityOptions> http, TimeProvider time)
    {
        var cancellationToken = context.RequestAborted;
        var (body, problem) = await RequestBody.ReadPooledAsync(context, http.Value.MaxJsonBodyBytes);
        if (problem is not null)
        {
            return problem;
        }

        var parsed = BatchParser.Parse(body);
        if (parsed.Problem is not null)
        {
            return parsed.Problem;
        }

        if (parsed.Items.Count > WireLimits.MaxBatchSize)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["items"] = [$"A batch holds at most {WireLimits.MaxBatchSize} items."] },
                title: "The batch is too large.");
        }

        var now = time.GetUtcNow();
        var results = new IngestBatchItemResult[parsed.Items.Count];
        var accepted = new List<NewReading>(parsed.Items.Count);
        var acceptedIndex = new List<int>(parsed.Items.Count);
        var letters = new List<DeadLetter>();
        var empty = 0;
        var broker = IsBroker(context);
        for (var i = 0; i < parsed.Items.Count; i++)
        {
            var (item, parseError) = parsed.Items[i];
            var error = parseError ?? ReadingRules.Validate(item, now, catalog);
            if (error is null && !broker && await managed.IsManagedAsync(item.DeviceId, cancellationToken))
            {
                // Refused before it can take the device's (device, sequence) slot from the reading the broker will send.
                error = $"device '{item.DeviceId}' is registered: its telemetry is accepted only from the edge broker (a key with the '{ApiScopes.Broker}' scope)";
            }

            if (error is not null)
            {
                // A bad item is refused alone: its valid neighbours are still stored.
                results[i] = new IngestBatchItemResult(item.DeviceId ?? "", item.Sequence, IngestItemStatus.Rejected, error);
                letters.Add(new DeadLetter(now, "batch", error, parsed.RawItem(i)));
                continue;
            }

            var m = item.Message;
            if (m.Value is not { } value)
            {
                // An empty summary: valid, but it holds no measurement for the readings table (a row of 0 would be
                // read as one). Not stored, so the sensor's last_seen keeps showing when it last delivered a value.
                results[i] = new IngestBatchItemResult(item.DeviceId, item.Sequence, IngestItemStatus.Empty);
                empty++;
                continue;
            }

            // Everything the device computed is kept as sent: a summary's count/std/min/max beside its mean, a
            // deviation's baseline beside its z-score, the device's stuck verdict (null where the message did not carry them).
            accepted.Add(new NewReading(
                item.DeviceId, item.Sequence, m.SensorId, m.SensorType, m.Unit, m.Kind, value,
                TakenAt(m, item, clocks), now, item.CorrelationId, m.ZScore, DedupKeys.ForDevice(item.DeviceId, item.Sequence),
                SummaryCount: m.Count, SummaryStd: m.Std, SummaryMin: m.Min, SummaryMax: m.Max,
                BaselineMean: m.BaselineMean, BaselineStd: m.BaselineStd, Stuck: m.Stuck));
            acceptedIndex.Add(i);
        }

        var stored = 0;
        var duplicates = 0;
        if (accepted.Count > 0)
        {
            var outcomes = await store.AppendAsync(accepted, cancellationToken);
            for (var k = 0; k < outcomes.Count; k++)
            {
                var item = parsed.Items[acceptedIndex[k]].Item;
                var duplicate = outcomes[k].Duplicate;
                results[acceptedIndex[k]] = new IngestBatchItemResult(
                    item.DeviceId, item.Sequence, duplicate ? IngestItemStatus.Duplicate : IngestItemStatus.Stored);
                if (duplicate)
                {
                    duplicates++;
                }
                else
                {
                    stored++;
                }
            }
        }

        var rejected = parsed.Items.Count - accepted.Count - empty;
        metrics.Stored(stored, "batch");
        metrics.Duplicates(duplicates, "batch");
        if (rejected > 0)
        {
            metrics.Rejected(rejected, "batch");
            await deadLetters.AddAsync(letters, cancellationToken);
        }

        return TypedResults.Ok(new IngestBatchResult(parsed.BatchId, stored, duplicates, rejected, results));
    }

    /// <summary>True when the caller's key is the edge broker's (it holds the broker scope).</summary>
    private static bool IsBroker(HttpContext context) =>
        context.Features.Get<PresentedApiKey>()?.Principal?.Has(ApiScopes.Broker) == true;

    /// <summary>
    /// Whether a repeated single reading is the one stored under its key: every field the client sent (a missing
    /// timestamp or correlation id was filled in by the cloud, so it cannot differ).
    /// </summary>
    private static bool SameReading(ReadingIngestRequest request, StoredReading stored) =>
        request.SensorId == stored.SensorId && request.SensorType == stored.SensorType && request.Unit == stored.Unit
        && request.Value!.Value.Equals(stored.Value)
        && (request.Timestamp is not { } ts || ts.ToUnixTimeMilliseconds() == stored.Timestamp.ToUnixTimeMilliseconds())
        && (string.IsNullOrWhiteSpace(request.CorrelationId) || request.CorrelationId == stored.CorrelationId);

    /// <summary>The device's timestamp; before its clock is valid, boot + uptime (DeviceClocks); else the broker's receive time.</summary>
    private static DateTimeOffset TakenAt(DeviceMessage m, IngestBatchItem item, DeviceClocks clocks)
    {
        if (m.Timestamp is { } ts)
        {
            if (m.UptimeMs is { } up)
            {
                clocks.Calibrate(item.DeviceId, ts, up);
            }

            return ts;
        }

        return m.UptimeMs is { } uptime ? clocks.Estimate(item.DeviceId, uptime, item.ReceivedAt) : item.ReceivedAt;
    }
}
