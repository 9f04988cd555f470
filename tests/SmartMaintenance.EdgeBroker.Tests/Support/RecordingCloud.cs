using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmartMaintenance.Contracts;

namespace SmartMaintenance.EdgeBroker.Tests.Support;

/// <summary>
/// A real HTTP peer standing in for the cloud's broker-facing routes (batch ingest with gzip, sync, events):
/// a minimal WebApplication on a loopback port that records what arrives and de-duplicates by (device, sequence)
/// like the cloud does. Can be stopped and started again on the same port to simulate an outage.
/// </summary>
public sealed class RecordingCloud : IAsyncDisposable
{
    private WebApplication? _app;

    public RecordingCloud(int port) => Port = port;

    /// <summary>A second cloud instance on the same database: it shares <paramref name="database"/>'s stored readings (its idempotency).</summary>
    public RecordingCloud(int port, RecordingCloud database)
    {
        Port = port;
        Stored = database.Stored;
        StoredOrder = database.StoredOrder;
    }

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}";
    /// <summary>Every item received, in arrival order (including re-sends).</summary>
    public ConcurrentQueue<IngestBatchItem> Received { get; } = new();
    /// <summary>
    /// The cloud's idempotency: the keys are the readings it stores, once per (device, sequence); the value counts
    /// every receipt of that reading, so a re-send shows as a count above 1 (answered Duplicate, not stored again).
    /// </summary>
    public ConcurrentDictionary<(string Device, long Sequence), int> Stored { get; } = new();
    /// <summary>Readings in the order they were first stored.</summary>
    public ConcurrentQueue<(string Device, long Sequence)> StoredOrder { get; } = new();
    /// <summary>Readings this instance answered Duplicate (already stored, possibly by another instance).</summary>
    public ConcurrentQueue<(string Device, long Sequence)> AnsweredDuplicate { get; } = new();
    /// <summary>Readings that arrived more than once, with how often.</summary>
    public List<KeyValuePair<(string Device, long Sequence), int>> Resent => Stored.Where(kv => kv.Value > 1).ToList();
    public ConcurrentQueue<DeviceEvent> Events { get; } = new();
    public ConcurrentQueue<string?> ContentEncodings { get; } = new();
    public BrokerSyncResponse? Sync { get; set; }
    /// <summary>Items with this sensor id are rejected one by one (per-item 4xx).</summary>
    public string? RejectSensor { get; set; }
    /// <summary>
    /// A batch holding an item for which this returns a status is answered with that status and a ProblemDetails
    /// body naming the item, storing nothing (a cloud that fails on one reading, or one device's lane held back).
    /// </summary>
    public Func<IngestBatchItem, int?>? FailBatchWith { get; set; }
    /// <summary>When set, every route (batches, events, sync) answers this status: a cloud that is down behind its web server.</summary>
    public int? FailAll { get; set; }
    /// <summary>Answers for the next batch requests, one per request; normal service when empty.</summary>
    public ConcurrentQueue<BatchAnswer> NextAnswers { get; } = new();
    /// <summary>Every batch request in arrival order: when (Stopwatch timestamp), its batch id, items and the status answered.</summary>
    public ConcurrentQueue<BatchAttempt> Attempts { get; } = new();

    /// <summary>
    /// A planned answer: <paramref name="Status"/> (with Retry-After and a ProblemDetails-like body when set),
    /// after <paramref name="Delay"/>. With <paramref name="StoreFirst"/> the items are stored before the wait, as when
    /// the cloud committed but its answer came too late or was lost; otherwise a non-2xx answer stores nothing.
    /// </summary>
    public sealed record BatchAnswer(int Status, TimeSpan? RetryAfter = null, TimeSpan Delay = default, bool StoreFirst = false, string? Problem = null);

    /// <summary>How long each normal batch answer takes (e.g. a seeded random latency, so lanes finish out of order).</summary>
    public Func<TimeSpan>? Latency { get; set; }
    /// <summary>Most batch requests the cloud was handling at the same moment.</summary>
    public int MaxConcurrentBatches => Volatile.Read(ref _maxConcurrent);

    private int _concurrent;
    private int _maxConcurrent;

    public sealed record BatchAttempt(long Timestamp, string BatchId, int Items, int Status);

    public static async Task<RecordingCloud> StartAsync(int port, RecordingCloud? sharesDatabaseWith = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var cloud = sharesDatabaseWith is null ? new RecordingCloud(port) : new RecordingCloud(port, sharesDatabaseWith);
            try
            {
                await cloud.StartAsync();
                return cloud;
            }
            catch (Exception ex) when (attempt < 5 && BrokerFixture.IsAddressInUse(ex))
            {
                // Taken between FreePort and the bind: another port.
                port = TestSupport.FreePort.Get();
            }
        }
    }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(Url);
        builder.Logging.ClearProviders();
        builder.Services.AddRequestDecompression();
        var app = builder.Build();
        // Recorded before the decompression middleware, which removes the header once it has decoded the body.
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api/v1/data/ingest/batch"))
            {
                ContentEncodings.Enqueue(context.Request.Headers.ContentEncoding.ToString());
            }

            await next();
        });
        app.Use(async (context, next) =>
        {
            if (FailAll is { } status && !context.Request.Path.StartsWithSegments("/api/v1/data/ingest/batch"))
            {
                context.Response.StatusCode = status;
                return;
            }

            await next();
        });
        app.UseRequestDecompression();
        app.MapPost("/api/v1/data/ingest/batch", async (HttpRequest request, HttpResponse response) =>
        {
            var arrived = System.Diagnostics.Stopwatch.GetTimestamp();
            var concurrent = Interlocked.Increment(ref _concurrent);
            lock (Attempts)
            {
                _maxConcurrent = Math.Max(_maxConcurrent, concurrent);
            }

            try
            {
                return await AnswerBatchAsync(request, response, arrived);
            }
            finally
            {
                Interlocked.Decrement(ref _concurrent);
            }
        });
        app.MapPost("/api/v1/broker/events", async (HttpRequest request) =>
        {
            var batch = await JsonSerializer.DeserializeAsync(request.Body, ContractsJsonContext.Default.DeviceEventBatch);
            foreach (var e in batch!.Events)
            {
                Events.Enqueue(e);
            }

            return Results.Accepted();
        });
        app.MapGet("/api/v1/broker/sync", () => Sync is null
            ? Results.NotFound()
            : Results.Json(Sync, ContractsJsonContext.Default.BrokerSyncResponse));
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        _app = app;
    }

    private async Task<IResult> AnswerBatchAsync(HttpRequest request, HttpResponse response, long arrived)
    {
        var batch = await JsonSerializer.DeserializeAsync(request.Body, ContractsJsonContext.Default.IngestBatch);
        foreach (var item in batch!.Items)
        {
            if (FailBatchWith?.Invoke(item) is { } failed)
            {
                Attempts.Enqueue(new BatchAttempt(arrived, batch.BatchId, batch.Items.Count, failed));
                return Results.Problem(title: "test cloud failure", detail: $"cannot handle {item.DeviceId} sequence {item.Sequence}", statusCode: failed);
            }
        }

        NextAnswers.TryDequeue(out var answer);
        Attempts.Enqueue(new BatchAttempt(arrived, batch!.BatchId, batch.Items.Count, answer?.Status ?? 200));
        if (answer is not null && (answer.StoreFirst || answer.Status is >= 200 and < 300))
        {
            var result = Store(batch);
            await Task.Delay(answer.Delay);
            return answer.Status is >= 200 and < 300 ? Results.Json(result, ContractsJsonContext.Default.IngestBatchResult) : Results.StatusCode(answer.Status);
        }

        if (answer is not null)
        {
            await Task.Delay(answer.Delay);
            if (answer.RetryAfter is { } wait)
            {
                response.Headers.RetryAfter = ((int)wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return Results.Text(answer.Problem ?? $"HTTP {answer.Status}", "application/problem+json", statusCode: answer.Status);
        }

        var stored = Store(batch);
        if (Latency?.Invoke() is { } latency && latency > TimeSpan.Zero)
        {
            await Task.Delay(latency);
        }

        return Results.Json(stored, ContractsJsonContext.Default.IngestBatchResult);
    }

    /// <summary>The cloud's batch ingest: per-item results, each (device, sequence) stored once, every receipt counted.</summary>
    private IngestBatchResult Store(IngestBatch batch)
    {
        var results = new List<IngestBatchItemResult>();
        int stored = 0, duplicates = 0, rejected = 0;
        foreach (var item in batch!.Items)
        {
            Received.Enqueue(item);
            if (item.Message.SensorId == RejectSensor)
            {
                rejected++;
                results.Add(new IngestBatchItemResult(item.DeviceId, item.Sequence, IngestItemStatus.Rejected, "sensor not registered"));
            }
            else if (Stored.AddOrUpdate((item.DeviceId, item.Sequence), 1, static (_, receipts) => receipts + 1) == 1)
            {
                stored++;
                StoredOrder.Enqueue((item.DeviceId, item.Sequence));
                results.Add(new IngestBatchItemResult(item.DeviceId, item.Sequence, IngestItemStatus.Stored));
            }
            else
            {
                duplicates++;
                AnsweredDuplicate.Enqueue((item.DeviceId, item.Sequence));
                results.Add(new IngestBatchItemResult(item.DeviceId, item.Sequence, IngestItemStatus.Duplicate));
            }
        }

        return new IngestBatchResult(batch.BatchId, stored, duplicates, rejected, results);
    }

    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
