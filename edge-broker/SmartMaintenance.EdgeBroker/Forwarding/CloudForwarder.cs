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
/// Reads the outbox in order, posts batches (up to BatchSize readings or MaxBatchDelay) to the cloud's batch
/// ingest endpoint, gzip-compressed, and acknowledges them in the outbox once the cloud answered. Outbox records
/// are IngestBatchItem JSON, so the batch body is spliced from them without parsing each one again. A batch is
/// retried unchanged (same batch id, same items) with backoff and full jitter on network errors, timeouts, 5xx,
/// 429 and auth errors; items the cloud rejects one by one go to the dead-letter store. Per-device order holds
/// because the outbox is one ordered log and a batch is only left behind once the cloud answered it.
/// </summary>
internal sealed partial class CloudForwarder(
    DurableOutbox outbox,
    HttpClient http,
    IOptions<CloudForwarderOptions> options,
    DeadLetterStore deadLetters,
    CloudLink link,
    BrokerMetrics metrics,
    TimeProvider time,
    ILogger<CloudForwarder> logger) : BackgroundService
{
    private readonly CloudForwarderOptions _options = options.Value;
    private readonly Backoff _backoff = new(options.Value.BaseRetryDelay, options.Value.MaxRetryDelay, new Random());

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var entries = new List<OutboxEntry>(_options.BatchSize);
        while (!stoppingToken.IsCancellationRequested)
        {
            entries.Clear();
            outbox.Read(entries, _options.BatchSize);
            if (entries.Count == 0)
            {
                metrics.SetForwardLag(TimeSpan.Zero);
                await outbox.WaitReadableAsync(TimeSpan.FromSeconds(1), stoppingToken);
                continue;
            }

            // Let the batch fill for up to MaxBatchDelay: fewer, larger requests under load.
            var deadline = time.GetUtcNow() + _options.MaxBatchDelay;
            while (entries.Count < _options.BatchSize && time.GetUtcNow() is var now && now < deadline)
            {
                await outbox.WaitReadableAsync(deadline - now, stoppingToken);
                outbox.Read(entries, _options.BatchSize - entries.Count);
            }

            await ForwardAsync(entries, stoppingToken);
        }
    }

    /// <summary>Graceful shutdown: keep forwarding until the outbox is empty or DrainTimeout passes.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + _options.DrainTimeout;
        while (outbox.Pending > 0 && time.GetUtcNow() < deadline && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), time, CancellationToken.None);
        }

        if (outbox.Pending > 0)
        {
            LogDrainIncomplete(outbox.Pending);
        }

        await base.StopAsync(cancellationToken);
    }

    private async Task ForwardAsync(List<OutboxEntry> entries, CancellationToken stoppingToken)
    {
        // Deterministic batch id: a retry after a lost answer is recognisably the same batch.
        var first = entries[0].End;
        var batchId = $"{_options.BrokerId}-{first.Segment}-{first.Offset}";
        if (Decode(entries[0]) is { } head)
        {
            metrics.SetForwardLag(time.GetUtcNow() - head.ReceivedAt);
        }

        var body = BatchBody.Gzip(_options.BrokerId, batchId, entries);
        await SendWithRetryAsync(body, batchId, entries, stoppingToken);
        outbox.Acknowledge(entries);
    }

    private IngestBatchItem? Decode(OutboxEntry entry)
    {
        try
        {
            return JsonSerializer.Deserialize(entry.Payload, ContractsJsonContext.Default.IngestBatchItem);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The batch's items, parsed only when a rejection must be matched to its reading.</summary>
    private List<IngestBatchItem> DecodeAll(List<OutboxEntry> entries)
    {
        var items = new List<IngestBatchItem>(entries.Count);
        foreach (var entry in entries)
        {
            if (Decode(entry) is { } item)
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

    private async Task SendWithRetryAsync(byte[] body, string batchId, List<OutboxEntry> entries, CancellationToken stoppingToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var started = time.GetTimestamp();
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/data/ingest/batch") { Content = BatchBody.Content(body) };
                request.Headers.Add("x-api-key", _options.ApiKey);
                request.Headers.Add("Idempotency-Key", batchId);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(_options.RequestTimeout);
                using var response = await http.SendAsync(request, timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    var result = await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.IngestBatchResult, timeout.Token);
                    link.Succeeded();
                    var rejected = DeadLetterRejected(batchId, entries, result);
                    metrics.BatchForwarded(entries.Count - rejected, rejected, time.GetElapsedTime(started));
                    return;
                }

                if (IsPermanent(response.StatusCode))
                {
                    // The cloud says the whole batch is malformed: retrying cannot help. Keep every item as a dead letter.
                    link.Succeeded();
                    var problem = await response.Content.ReadAsStringAsync(stoppingToken);
                    LogBatchRefused((int)response.StatusCode, batchId, problem);
                    foreach (var item in DecodeAll(entries))
                    {
                        DeadLetter(item, $"cloud refused the batch with HTTP {(int)response.StatusCode}: {problem}");
                    }

                    metrics.BatchForwarded(0, entries.Count, time.GetElapsedTime(started));
                    return;
                }

                LogCloudRefused((int)response.StatusCode, batchId, attempt + 1);
            }
            catch (Exception ex) when (ex is HttpRequestException || ex is OperationCanceledException && !stoppingToken.IsCancellationRequested)
            {
                LogCloudUnreachable(ex.Message, batchId, attempt + 1);
            }

            link.Failed();
            metrics.ForwardFailure();
            if (Decode(entries[0]) is { } head)
            {
                metrics.SetForwardLag(time.GetUtcNow() - head.ReceivedAt);
            }

            await Task.Delay(_backoff.Next(attempt), time, stoppingToken);
        }
    }

    /// <summary>400/413/415/422: the request itself is wrong. 401/403/404/408/429/5xx may heal (keys, deploys, load).</summary>
    private static bool IsPermanent(HttpStatusCode status) =>
        status is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnsupportedMediaType
            or HttpStatusCode.UnprocessableEntity;

    private int DeadLetterRejected(string batchId, List<OutboxEntry> entries, IngestBatchResult? result)
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
            }
        }

        LogItemsRejected(rejected, batchId);
        return rejected;
    }

    private void DeadLetter(IngestBatchItem item, string reason)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(item.Message, ContractsJsonContext.Default.DeviceMessage);
        deadLetters.Add(reason, Contracts.Wire.TopicScheme.Build(item.Site, item.DeviceId, Contracts.Wire.TopicScheme.Telemetry),
            item.DeviceId, new ReadOnlySequence<byte>(payload));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cloud answered HTTP {Status} to batch {BatchId} (attempt {Attempt}); retrying")]
    private partial void LogCloudRefused(int status, string batchId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cloud unreachable for batch {BatchId} (attempt {Attempt}): {Reason}; retrying")]
    private partial void LogCloudUnreachable(string reason, string batchId, int attempt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cloud refused batch {BatchId} with HTTP {Status}; its items are dead letters: {Problem}")]
    private partial void LogBatchRefused(int status, string batchId, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cloud rejected {Count} items of batch {BatchId}; they are dead letters")]
    private partial void LogItemsRejected(int count, string batchId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown drain timed out with {Count} readings left in the outbox; they are forwarded after the next start")]
    private partial void LogDrainIncomplete(long count);
}

public static class CloudForwardingExtensions
{
    public static IServiceCollection AddCloudForwarding(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CloudForwarderOptions>()
            .Bind(configuration.GetSection(CloudForwarderOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<OutboxOptions>()
            .Bind(configuration.GetSection(OutboxOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<DurableOutbox>();
        services.AddSingleton<CloudLink>();
        services.AddHttpClient("cloud", (sp, client) =>
        {
            var baseUrl = sp.GetRequiredService<IOptions<CloudForwarderOptions>>().Value.BaseUrl!;
            client.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
            // Per-request timeouts come from RequestTimeout; this one only guards against a hung connection.
            client.Timeout = TimeSpan.FromMinutes(5);
        });
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<CloudForwarder>(sp,
            sp.GetRequiredService<IHttpClientFactory>().CreateClient("cloud")));
        services.AddHostedService(sp => sp.GetRequiredService<CloudForwarder>());
        return services;
    }
}
