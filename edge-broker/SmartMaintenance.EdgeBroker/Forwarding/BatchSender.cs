using System.Buffers;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SmartMaintenance.Contracts;
using SmartMaintenance.EdgeBroker.DeadLetters;
using SmartMaintenance.EdgeBroker.Observability;
using SmartMaintenance.EdgeBroker.Outbox;

namespace SmartMaintenance.EdgeBroker.Forwarding;

/// <summary>
/// Posts one batch of outbox records to POST /api/v1/data/ingest/batch until the cloud has settled it: stored
/// (per-item rejections become dead letters), or refused as a whole (dead letters). Network errors, timeouts,
/// 5xx, 429, 401/403/404/408 are retried unchanged (same batch id, same items) with backoff and full jitter,
/// waiting at least what a Retry-After header asks for. A 413 splits the batch in halves, sent in order: the
/// readings are fine, the request was too big for the cloud's body limit. Only a single reading that is still
/// too large is dead-lettered.
/// </summary>
internal sealed partial class BatchSender(
    HttpClient http,
    IOptions<CloudForwarderOptions> options,
    Backoff backoff,
    DeadLetterStore deadLetters,
    CloudLink link,
    BrokerMetrics metrics,
    TimeProvider time,
    ILogger<BatchSender> logger)
{
    /// <summary>Longest part of a ProblemDetails body kept in a dead letter's reason.</summary>
    private const int MaxProblemChars = 300;

    private readonly CloudForwarderOptions _options = options.Value;

    /// <summary>Returns once every entry is stored at the cloud or kept as a dead letter (or the broker stops).</summary>
    public async Task SendAsync(List<OutboxEntry> entries, CancellationToken stoppingToken)
    {
        if (await SendWithRetryAsync(entries, stoppingToken) != HttpStatusCode.RequestEntityTooLarge)
        {
            return;
        }

        if (entries.Count == 1)
        {
            DeadLetterAll(entries, "cloud refused the reading with HTTP 413: too large even alone");
            metrics.BatchForwarded(new int[BrokerMetrics.OutKinds.Length], 0, 1, TimeSpan.Zero);
            return;
        }

        var half = entries.Count / 2;
        LogSplit(entries.Count, half);
        await SendAsync(entries.GetRange(0, half), stoppingToken);
        await SendAsync(entries.GetRange(half, entries.Count - half), stoppingToken);
    }

    /// <summary>Deterministic: a retry after a lost answer is recognisably the same batch; a split half is not.</summary>
    public static string BatchId(string brokerId, List<OutboxEntry> entries) =>
        $"{brokerId}-{entries[0].End.Segment}-{entries[0].End.Offset}-{entries.Count}";

    /// <summary>Sends until the cloud answers something final; returns 413 for the caller to split, else 200.</summary>
    private async Task<HttpStatusCode> SendWithRetryAsync(List<OutboxEntry> entries, CancellationToken stoppingToken)
    {
        var batchId = BatchId(_options.BrokerId, entries);
        var body = BatchBody.Gzip(_options.BrokerId, batchId, entries);
        for (var attempt = 0; ; attempt++)
        {
            var started = time.GetTimestamp();
            var retryAfter = TimeSpan.Zero;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/data/ingest/batch") { Content = BatchBody.Content(body) };
                request.Headers.Add("x-api-key", _options.ApiKey);
                request.Headers.Add("Idempotency-Key", batchId);
                // On the injected clock, like every other wait of the forwarder.
                using var timeout = new CancellationTokenSource(_options.RequestTimeout, time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
                using var response = await http.SendAsync(request, linked.Token);
                if (response.IsSuccessStatusCode)
                {
                    var result = await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.IngestBatchResult, linked.Token);
                    var latency = time.GetElapsedTime(started);
                    link.Succeeded();
                    var acceptedByKind = CountKinds(entries);
                    var rejected = DeadLetterRejected(batchId, entries, result, acceptedByKind);
                    metrics.BatchForwarded(acceptedByKind, entries.Count - rejected, rejected, latency);
                    return HttpStatusCode.OK;
                }

                if (response.StatusCode == HttpStatusCode.RequestEntityTooLarge)
                {
                    link.Succeeded();
                    return HttpStatusCode.RequestEntityTooLarge;
                }

                if (IsPermanent(response.StatusCode))
                {
                    // The cloud says the whole batch is malformed: retrying cannot help. Keep every item as a dead letter.
                    link.Succeeded();
                    var problem = Shorten(await response.Content.ReadAsStringAsync(stoppingToken));
                    LogBatchRefused((int)response.StatusCode, batchId, problem);
                    DeadLetterAll(entries, $"cloud refused the batch with HTTP {(int)response.StatusCode}: {problem}");
                    metrics.BatchForwarded(new int[BrokerMetrics.OutKinds.Length], 0, entries.Count, time.GetElapsedTime(started));
                    return HttpStatusCode.OK;
                }

                retryAfter = Backoff.RetryAfter(response.Headers.RetryAfter, time.GetUtcNow(), _options.MaxRetryAfter);
                LogCloudRefused((int)response.StatusCode, batchId, attempt + 1, retryAfter.TotalSeconds);
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException || ex is OperationCanceledException && !stoppingToken.IsCancellationRequested)
            {
                // A timeout may come after the cloud stored the batch: the retry is then answered Duplicate.
                LogCloudUnreachable(ex.Message, batchId, attempt + 1);
            }

            link.Failed();
            metrics.ForwardFailure();
            await Task.Delay(backoff.Next(attempt, retryAfter), time, stoppingToken);
        }
    }

    /// <summary>400/415/422: the request itself is wrong (413 is split instead). 401/403/404/408/429/5xx may heal (keys, deploys, load).</summary>
    internal static bool IsPermanent(HttpStatusCode status) =>
        status is HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType or HttpStatusCode.UnprocessableEntity;

    private static string Shorten(string problem) => problem.Length <= MaxProblemChars ? problem : problem[..MaxProblemChars] + "...";

    /// <summary>The batch's records by telemetry kind (indexed like BrokerMetrics.OutKinds).</summary>
    private static int[] CountKinds(List<OutboxEntry> entries)
    {
        var byKind = new int[BrokerMetrics.OutKinds.Length];
        foreach (var entry in entries)
        {
            if (OutboxRecords.KindIndex(entry) is var kind and >= 0)
            {
                byKind[kind]++;
            }
        }

        return byKind;
    }

    /// <summary>Dead-letters the items the cloud rejected and takes them out of <paramref name="acceptedByKind"/>.</summary>
    private int DeadLetterRejected(string batchId, List<OutboxEntry> entries, IngestBatchResult? result, int[] acceptedByKind)
    {
        if (result is null || result.Rejected == 0)
        {
            return 0;
        }

        var items = DecodeAll(entries);
        var rejected = 0;
        foreach (var outcome in result.Items)
        {
            if (outcome.Status != IngestItemStatus.Rejected)
            {
                continue;
            }

            rejected++;
            var item = items.FirstOrDefault(i => i.DeviceId == outcome.DeviceId && i.Sequence == outcome.Sequence);
            if (item is not null)
            {
                DeadLetter(item, $"cloud rejected: {outcome.Error}");
                if (BrokerMetrics.OutKindIndex(item.Message.Kind) is var kind and >= 0)
                {
                    acceptedByKind[kind]--;
                }
            }
        }

        LogItemsRejected(rejected, batchId);
        return rejected;
    }

    private void DeadLetterAll(List<OutboxEntry> entries, string reason)
    {
        foreach (var item in DecodeAll(entries))
        {
            DeadLetter(item, reason);
        }
    }

    /// <summary>The batch's items, parsed only when a rejection must be matched to its reading.</summary>
    private List<IngestBatchItem> DecodeAll(List<OutboxEntry> entries)
    {
        var items = new List<IngestBatchItem>(entries.Count);
        foreach (var entry in entries)
        {
            if (OutboxRecords.Decode(entry) is { } item)
            {
                items.Add(item);
            }
            else
            {
                // Our own record that does not parse (a bug; the CRC rules out the disk): never silently lost.
                deadLetters.Add("outbox record unreadable", "outbox", "broker", new ReadOnlySequence<byte>(entry.Payload));
            }
        }

        return items;
    }

    private void DeadLetter(IngestBatchItem item, string reason)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(item.Message, ContractsJsonContext.Default.DeviceMessage);
        deadLetters.Add(reason, Contracts.Wire.TopicScheme.Build(item.Site, item.DeviceId, Contracts.Wire.TopicScheme.Telemetry),
            item.DeviceId, new ReadOnlySequence<byte>(payload));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cloud answered HTTP {Status} to batch {BatchId} (attempt {Attempt}, Retry-After {RetryAfterSeconds} s); retrying")]
    private partial void LogCloudRefused(int status, string batchId, int attempt, double retryAfterSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cloud unreachable for batch {BatchId} (attempt {Attempt}): {Reason}; retrying")]
    private partial void LogCloudUnreachable(string reason, string batchId, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cloud refused batch {BatchId} with HTTP {Status}; its items are dead letters: {Problem}")]
    private partial void LogBatchRefused(int status, string batchId, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cloud rejected {Count} items of batch {BatchId}; they are dead letters")]
    private partial void LogItemsRejected(int count, string batchId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cloud answered HTTP 413 to a batch of {Count}; sending it as {Half} + the rest")]
    private partial void LogSplit(int count, int half);
}
