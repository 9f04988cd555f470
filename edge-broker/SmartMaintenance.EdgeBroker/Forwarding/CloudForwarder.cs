using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using SmartMaintenance.Contracts;
using SmartMaintenance.EdgeBroker.Observability;

namespace SmartMaintenance.EdgeBroker.Forwarding;

/// <summary>
/// Drains the forward queue into batches and posts them to the cloud. A batch is retried with capped
/// exponential backoff and full jitter until the cloud answers; the cloud de-duplicates by (device, sequence),
/// so a retry after a lost answer stores nothing twice.
/// </summary>
internal sealed partial class CloudForwarder(
    ForwardQueue queue,
    HttpClient http,
    IOptions<CloudForwarderOptions> options,
    BrokerMetrics metrics,
    TimeProvider time,
    ILogger<CloudForwarder> logger) : BackgroundService
{
    private readonly CloudForwarderOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<IngestBatchItem>(_options.BatchSize);
        var reader = queue.Reader;
        while (await reader.WaitToReadAsync(stoppingToken))
        {
            batch.Clear();
            await FillAsync(batch, stoppingToken);
            if (batch.Count > 0)
            {
                await SendWithRetryAsync(batch, stoppingToken);
            }
        }
    }

    private async Task FillAsync(List<IngestBatchItem> batch, CancellationToken stoppingToken)
    {
        var reader = queue.Reader;
        using var window = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        window.CancelAfter(_options.MaxBatchDelay);
        try
        {
            while (batch.Count < _options.BatchSize)
            {
                while (batch.Count < _options.BatchSize && reader.TryRead(out var item))
                {
                    batch.Add(item);
                }

                if (batch.Count >= _options.BatchSize || !await reader.WaitToReadAsync(window.Token))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // The batch window closed: send what we have.
        }
    }

    private async Task SendWithRetryAsync(List<IngestBatchItem> items, CancellationToken stoppingToken)
    {
        var batch = new IngestBatch { BrokerId = _options.BrokerId, BatchId = Guid.NewGuid().ToString("N"), Items = items.ToArray() };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/data/ingest/batch")
                {
                    Content = JsonContent.Create(batch, ContractsJsonContext.Default.IngestBatch),
                };
                request.Headers.Add("x-api-key", _options.ApiKey);
                using var response = await http.SendAsync(request, stoppingToken);
                if (response.IsSuccessStatusCode)
                {
                    var result = await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.IngestBatchResult, stoppingToken);
                    metrics.ForwardedItems(items.Count);
                    metrics.QueueChanged(-items.Count);
                    if (result is { Rejected: > 0 })
                    {
                        LogItemsRejected(result.Rejected, batch.BatchId);
                    }

                    return;
                }

                LogCloudRefused((int)response.StatusCode, batch.BatchId, attempt + 1);
            }
            catch (HttpRequestException ex)
            {
                LogCloudUnreachable(ex.Message, batch.BatchId, attempt + 1);
            }

            metrics.ForwardFailure();
            await Task.Delay(BackoffDelay(attempt), time, stoppingToken);
        }
    }

    /// <summary>Full jitter (AWS architecture blog, "Exponential Backoff And Jitter"): uniform in [0, min(cap, base*2^n)].</summary>
    private TimeSpan BackoffDelay(int attempt)
    {
        var ceiling = Math.Min(_options.MaxRetryDelay.TotalMilliseconds, 100 * Math.Pow(2, Math.Min(attempt, 20)));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cloud refused batch {BatchId} with HTTP {Status} (attempt {Attempt}); retrying")]
    private partial void LogCloudRefused(int status, string batchId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cloud unreachable for batch {BatchId} (attempt {Attempt}): {Reason}; retrying")]
    private partial void LogCloudUnreachable(string reason, string batchId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cloud rejected {Count} items of batch {BatchId}")]
    private partial void LogItemsRejected(int count, string batchId);
}

public static class CloudForwardingExtensions
{
    public static IServiceCollection AddCloudForwarding(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CloudForwarderOptions>()
            .Bind(configuration.GetSection(CloudForwarderOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp => new ForwardQueue(
            sp.GetRequiredService<IOptions<CloudForwarderOptions>>().Value.QueueCapacity,
            sp.GetRequiredService<BrokerMetrics>()));
        services.AddHttpClient<CloudForwarder>((sp, client) =>
        {
            var baseUrl = sp.GetRequiredService<IOptions<CloudForwarderOptions>>().Value.BaseUrl!;
            client.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
            client.Timeout = TimeSpan.FromSeconds(30);
        });
        services.AddHostedService(sp => sp.GetRequiredService<CloudForwarder>());
        return services;
    }
}
