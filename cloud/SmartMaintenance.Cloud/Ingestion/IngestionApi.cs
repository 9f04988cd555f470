using Microsoft.AspNetCore.Http.HttpResults;
using SmartMaintenance.Cloud.Security;
using SmartMaintenance.Cloud.Storage;
using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Cloud.Ingestion;

/// <summary>
/// POST /api/v1/data/ingest        one reading (the prototype's body), 202 with the reading id
/// POST /api/v1/data/ingest/batch  what the edge broker forwards; idempotent by (device, sequence)
/// </summary>
public static class IngestionApi
{
    public static IEndpointRouteBuilder MapIngestionApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/data").RequireApiKey();
        api.MapPost("/ingest", IngestOneAsync);
        api.MapPost("/ingest/batch", IngestBatchAsync);
        return routes;
    }

    internal static async Task<Results<Accepted<ReadingIngestResponse>, ValidationProblem>> IngestOneAsync(
        ReadingIngestRequest request, IReadingStore store, IngestMetrics metrics, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var errors = ReadingRules.Validate(request, now);
        if (errors.Count > 0)
        {
            metrics.Rejected(1, "validation");
            return TypedResults.ValidationProblem(errors, title: "The reading is invalid.");
        }

        var correlationId = string.IsNullOrWhiteSpace(request.CorrelationId)
            ? Guid.NewGuid().ToString("N")
            : request.CorrelationId;
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
            CorrelationId: correlationId);
        var result = (await store.AppendAsync([reading], cancellationToken))[0];
        metrics.Stored(1);
        return TypedResults.Accepted(
            $"/api/v1/sensors/readings?sensor_id={Uri.EscapeDataString(reading.SensorId)}",
            new ReadingIngestResponse(result.Id ?? 0, correlationId, "accepted"));
    }

    internal static async Task<Results<Ok<IngestBatchResult>, ValidationProblem>> IngestBatchAsync(
        IngestBatch batch, IReadingStore store, IngestMetrics metrics, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (batch.Items.Count > WireLimits.MaxBatchSize)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["items"] = [$"A batch holds at most {WireLimits.MaxBatchSize} items."] },
                title: "The batch is too large.");
        }

        var now = time.GetUtcNow();
        var results = new IngestBatchItemResult[batch.Items.Count];
        var accepted = new List<NewReading>(batch.Items.Count);
        var acceptedIndex = new List<int>(batch.Items.Count);
        for (var i = 0; i < batch.Items.Count; i++)
        {
            var item = batch.Items[i];
            var error = ReadingRules.Validate(item, now);
            if (error is not null)
            {
                // A bad item is refused alone: its valid neighbours are still stored.
                results[i] = new IngestBatchItemResult(item.DeviceId, item.Sequence, IngestItemStatus.Rejected, error);
                continue;
            }

            var m = item.Message;
            accepted.Add(new NewReading(
                item.DeviceId, item.Sequence, m.SensorId, m.SensorType, m.Unit, m.Kind, m.Value,
                m.Timestamp ?? item.ReceivedAt, now, item.CorrelationId, m.ZScore));
            acceptedIndex.Add(i);
        }

        var stored = 0;
        var duplicates = 0;
        if (accepted.Count > 0)
        {
            var outcomes = await store.AppendAsync(accepted, cancellationToken);
            for (var k = 0; k < outcomes.Count; k++)
            {
                var item = batch.Items[acceptedIndex[k]];
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

        var rejected = batch.Items.Count - accepted.Count;
        metrics.Stored(stored);
        metrics.Duplicates(duplicates);
        if (rejected > 0)
        {
            metrics.Rejected(rejected, "validation");
        }

        return TypedResults.Ok(new IngestBatchResult(batch.BatchId, stored, duplicates, rejected, results));
    }
}
