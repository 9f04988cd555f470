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
/// (per-item rejections become dead letters), or refused. Network errors, timeouts, 502/503/504, 429 and
/// 401/403/404/408 are retried unchanged (same batch id, same items) with backoff and full jitter, waiting at
/// least what a Retry-After header asks for: they say nothing about the readings. A refusal that may be about
/// the readings is isolated by bisection: 413 (too large), 400/415/422 (refused) at once, and any other 5xx
/// (500, 501, 505...) after PoisonAfterAttempts answers in a row: a poison-pill suspect, one reading the cloud
/// cannot handle. The batch is split in halves, sent in order, each half retried a little (SplitAttempts); a
/// half that is stored carries on, a half still refused is split again, down to single readings. Only a single
/// reading still refused is dead-lettered, with the cloud's status and problem. A single reading refused with a
/// 5xx is dead-lettered only once the cloud has answered 2xx to something since (another lane, the registry sync,
/// device events): while every call fails, the cloud is down, not the reading, and nothing is given up.
/// With several cloud instances (CloudEndpoints) each attempt goes to the next usable one, a failed one is skipped for a
/// while, and a retry right after a failure goes to another instance without waiting; a single reading is a poison pill
/// only when two different instances (or the only one) failed on it, so one broken instance cannot dead-letter readings.
/// </summary>
internal sealed partial class BatchSender(
    HttpClient http,
    IOptions<CloudForwarderOptions> options,
    Backoff backoff,
    DeadLetterStore deadLetters,
    CloudLink link,
    CloudEndpoints endpoints,
    BrokerMetrics metrics,
    TimeProvider time,
    ILogger<BatchSender> logger)
{
    /// <summary>Longest part of a ProblemDetails body kept in a dead letter's reason.</summary>
    private const int MaxProblemChars = 300;

    private readonly CloudForwarderOptions _options = options.Value;

    /// <summary>Returns once every entry is stored at the cloud or kept as a dead letter (or the broker stops).</summary>
    public Task SendAsync(List<OutboxEntry> entries, CancellationToken stoppingToken) =>
        SendAsync(entries, _options.PoisonAfterAttempts, null, stoppingToken);

    /// <param name="firstSuspect">When the batch this part was split from was first answered with a suspect 5xx.</param>
    private async Task SendAsync(List<OutboxEntry> entries, int suspectAttempts, DateTimeOffset? firstSuspect, CancellationToken stoppingToken)
    {
        var answer = await SendWithRetryAsync(entries, suspectAttempts, firstSuspect, stoppingToken);
        if (answer is null)
        {
            return;
        }

        if (entries.Count == 1)
        {
            DeadLetterRefused(entries, answer);
            return;
        }

        var half = entries.Count / 2;
        LogSplit(answer.Status, entries.Count, half);
        metrics.ForwardSplit();
        // A stored half is the evidence that the cloud is healthy and the other half holds the poison.
        await SendAsync(entries.GetRange(0, half), _options.SplitAttempts, answer.FirstSuspect, stoppingToken);
        await SendAsync(entries.GetRange(half, entries.Count - half), _options.SplitAttempts, answer.FirstSuspect, stoppingToken);
    }

    /// <summary>Deterministic: a retry after a lost answer is recognisably the same batch; a split half is not.</summary>
    public static string BatchId(string brokerId, List<OutboxEntry> entries) =>
        $"{brokerId}-{entries[0].End.Segment}-{entries[0].End.Offset}-{entries.Count}";

    /// <summary>What the cloud refused the batch with, for the caller to split or, for one reading, dead-letter.</summary>
    private sealed record Refusal(int Status, string Problem, int Attempts, TimeSpan Latency, DateTimeOffset? FirstSuspect);

    /// <summary>
    /// Sends until the cloud answers something final. Null: settled (stored, per-item rejections dead-lettered);
    /// else the refusal to isolate (413, 400/415/422, or a suspect 5xx <paramref name="suspectAttempts"/> times in a row).
    /// </summary>
    private async Task<Refusal?> SendWithRetryAsync(List<OutboxEntry> entries, int suspectAttempts, DateTimeOffset? firstSuspect, CancellationToken stoppingToken)
    {
        var batchId = BatchId(_options.BrokerId, entries);
        var body = BatchBody.Gzip(_options.BrokerId, batchId, entries);
        var suspectInARow = 0;
        var suspectFrom = new HashSet<CloudEndpoint>();
        for (var attempt = 0; ; attempt++)
        {
            var endpoint = endpoints.Pick();
            var started = time.GetTimestamp();
            var retryAfter = TimeSpan.Zero;
            int? status = null;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint.BaseUri, "api/v1/data/ingest/batch"))
                {
                    Content = BatchBody.Content(body),
                };
                request.Headers.Add("x-api-key", _options.ApiKey);
                request.Headers.Add("Idempotency-Key", batchId);
                // On the injected clock, like every other wait of the forwarder.
                using var timeout = new CancellationTokenSource(_options.RequestTimeout, time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
                using var response = await http.SendAsync(request, linked.Token);
                status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    var result = await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.IngestBatchResult, linked.Token);
                    var latency = time.GetElapsedTime(started);
                    link.Succeeded();
                    endpoints.Succeeded(endpoint);
                    var acceptedByKind = CountKinds(entries);
                    var rejected = DeadLetterRejected(batchId, entries, result, acceptedByKind);
                    metrics.BatchForwarded(acceptedByKind, entries.Count - rejected, rejected, latency);
                    return null;
                }

                if (IsAboutTheReadings(response.StatusCode))
                {
                    // 413: too big for the cloud's body limit; 400/415/422: refused. Retrying unchanged cannot help.
                    // The cloud is healthy enough to judge the request (readiness, poison evidence).
                    link.Succeeded();
                    endpoints.Succeeded(endpoint);
                    var problem = Shorten(await response.Content.ReadAsStringAsync(stoppingToken));
                    LogBatchRefused(status.Value, batchId, entries.Count, problem);
                    return new Refusal(status.Value, problem, attempt + 1, time.GetElapsedTime(started), firstSuspect);
                }

                if (IsPoisonSuspect(response.StatusCode))
                {
                    var problem = Shorten(await response.Content.ReadAsStringAsync(stoppingToken));
                    firstSuspect ??= time.GetUtcNow();
                    suspectInARow++;
                    suspectFrom.Add(endpoint);
                    // A single reading is given up only when the cloud showed it is otherwise healthy since its first
                    // refusal, and two instances (or the only one) failed on it; a batch is split (nothing is lost by splitting).
                    if (suspectInARow >= suspectAttempts
                        && (entries.Count > 1 || (link.SucceededSince(firstSuspect.Value) && suspectFrom.Count >= Math.Min(2, endpoints.All.Count))))
                    {
                        link.Failed(status);
                        endpoints.Failed(endpoint, status);
                        metrics.ForwardFailure();
                        LogPoisonSuspect(status.Value, batchId, entries.Count, suspectInARow, problem);
                        return new Refusal(status.Value, problem, attempt + 1, time.GetElapsedTime(started), firstSuspect);
                    }
                }
                else
                {
                    suspectInARow = 0;
                }

                retryAfter = Backoff.RetryAfter(response.Headers.RetryAfter, time.GetUtcNow(), _options.MaxRetryAfter);
                LogCloudRefused(status.Value, batchId, attempt + 1, retryAfter.TotalSeconds);
            }
            catch (Exception ex) when (ex is HttpRequestException or JsonException || ex is OperationCanceledException && !stoppingToken.IsCancellationRequested)
            {
                // A timeout may come after the cloud stored the batch: the retry is then answered Duplicate.
                LogCloudUnreachable(ex.Message, batchId, attempt + 1);
            }

            link.Failed(status);
            endpoints.Failed(endpoint, status);
            metrics.ForwardFailure();
            if (endpoints.AnyUsable())
            {
                // Another instance is not backing off: fail over at once (a Retry-After was about the failed instance).
                LogFailingOver(endpoint.Display, batchId);
                continue;
            }

            await Task.Delay(backoff.Next(attempt, retryAfter), time, stoppingToken);
        }
    }

    /// <summary>
    /// 413/400/415/422: the request, so some reading in it, is refused; retrying it unchanged cannot help. 401/403/404
    /// (keys, deploys), 408, 429 and 502/503/504 (gateways, overload) may heal and say nothing about the readings.
    /// </summary>
    internal static bool IsAboutTheReadings(HttpStatusCode status) =>
        status is HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType or HttpStatusCode.UnprocessableEntity
            or HttpStatusCode.RequestEntityTooLarge;

    /// <summary>A 5xx other than the gateway and overload ones: the cloud failed on this request, maybe on one reading in it.</summary>
    internal static bool IsPoisonSuspect(HttpStatusCode status) =>
        (int)status >= 500 && status is not (HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout);

    /// <summary>One reading the cloud keeps refusing: a dead letter with the status and the problem, and the lane goes on.</summary>
    private void DeadLetterRefused(List<OutboxEntry> entries, Refusal refusal)
    {
        var reason = refusal.Status == 413
            ? "cloud refused the reading with HTTP 413: too large even alone"
            : $"cloud refused the reading with HTTP {refusal.Status} ({refusal.Attempts} attempts): {refusal.Problem}";
        DeadLetterAll(entries, reason);
        if (refusal.Status >= 500)
        {
            metrics.PoisonDeadLettered();
            if (OutboxRecords.Decode(entries[0]) is { } item)
            {
                LogPoisonDeadLettered(item.DeviceId, item.Sequence, refusal.Status);
            }
        }

        metrics.BatchForwarded(new int[BrokerMetrics.OutKinds.Length], 0, entries.Count, refusal.Latency);
    }

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Cloud instance {Endpoint} failed batch {BatchId}; sending it to another instance")]
    private partial void LogFailingOver(string endpoint, string batchId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cloud unreachable for batch {BatchId} (attempt {Attempt}): {Reason}; retrying")]
    private partial void LogCloudUnreachable(string reason, string batchId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cloud refused batch {BatchId} of {Count} readings with HTTP {Status}: {Problem}")]
    private partial void LogBatchRefused(int status, string batchId, int count, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cloud answered HTTP {Status} to batch {BatchId} of {Count} readings {Attempts} times in a row: poison-pill suspect, isolating it: {Problem}")]
    private partial void LogPoisonSuspect(int status, string batchId, int count, int attempts, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reading {DeviceId} sequence {Sequence} keeps failing at the cloud with HTTP {Status} while other calls succeed; it is a dead letter, forwarding goes on")]
    private partial void LogPoisonDeadLettered(string deviceId, long sequence, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cloud rejected {Count} items of batch {BatchId}; they are dead letters")]
    private partial void LogItemsRejected(int count, string batchId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cloud answered HTTP {Status} to a batch of {Count}; sending it as {Half} + the rest")]
    private partial void LogSplit(int status, int count, int half);
}
