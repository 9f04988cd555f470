using System.Threading.Channels;
using Microsoft.Extensions.Options;
using SmartMaintenance.Contracts;
using SmartMaintenance.EdgeBroker.Forwarding;
using SmartMaintenance.EdgeBroker.Observability;

namespace SmartMaintenance.EdgeBroker.Status;

/// <summary>
/// Device online/offline transitions and config acknowledgements, posted to the cloud (POST /api/v1/broker/events)
/// in batches with the broker key, retried with backoff. Buffered in memory, bounded: when the cloud is away
/// long enough to fill the buffer the oldest events are dropped and counted (status is state, the newest matters).
/// </summary>
public sealed partial class DeviceEventReporter(
    IHttpClientFactory httpFactory,
    IOptions<CloudForwarderOptions> options,
    Backoff backoff,
    CloudLink link,
    CloudEndpoints endpoints,
    BrokerMetrics metrics,
    TimeProvider time,
    ILogger<DeviceEventReporter> logger) : BackgroundService
{
    private const int Capacity = 10_000;
    private const int MaxBatch = 500;
    private readonly Channel<DeviceEvent> _events = Channel.CreateBounded<DeviceEvent>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
        _ => metrics.EventDropped());
    private bool _missingLogged;

    public void Report(DeviceEvent deviceEvent) => _events.Writer.TryWrite(deviceEvent);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var http = httpFactory.CreateClient("cloud");
        var batch = new List<DeviceEvent>(MaxBatch);
        while (await _events.Reader.WaitToReadAsync(stoppingToken))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _events.Reader.TryRead(out var e))
            {
                batch.Add(e);
            }

            await SendWithRetryAsync(http, batch, stoppingToken);
        }
    }

    private async Task SendWithRetryAsync(HttpClient http, List<DeviceEvent> batch, CancellationToken stoppingToken)
    {
        var body = new DeviceEventBatch { BrokerId = options.Value.BrokerId, Events = batch.ToArray() };
        for (var attempt = 0; ; attempt++)
        {
            var endpoint = endpoints.Pick();
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint.BaseUri, "api/v1/broker/events"))
                {
                    Content = CloudLink.GzipJson(body, ContractsJsonContext.Default.DeviceEventBatch),
                };
                request.Headers.Add("x-api-key", options.Value.EffectiveBrokerKey);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                timeout.CancelAfter(options.Value.RequestTimeout);
                using var response = await http.SendAsync(request, timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    link.Succeeded();
                    endpoints.Succeeded(endpoint);
                    metrics.EventsForwarded(batch.Count);
                    _missingLogged = false;
                    return;
                }

                if ((int)response.StatusCode == 400)
                {
                    LogEventsRefused(batch.Count, await response.Content.ReadAsStringAsync(stoppingToken));
                    return;
                }

                if (!_missingLogged)
                {
                    // 404 until the cloud has the endpoint: keep the events, say so once.
                    _missingLogged = true;
                    LogEventsNotAccepted((int)response.StatusCode);
                }

                endpoints.Failed(endpoint, (int)response.StatusCode);
            }
            catch (Exception ex) when (ex is HttpRequestException || ex is OperationCanceledException && !stoppingToken.IsCancellationRequested)
            {
                link.Failed();
                endpoints.Failed(endpoint, null);
            }

            await Task.Delay(backoff.Next(attempt), time, stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cloud does not accept device events yet (HTTP {Status}); buffering and retrying")]
    private partial void LogEventsNotAccepted(int status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cloud refused {Count} device events as malformed: {Problem}")]
    private partial void LogEventsRefused(int count, string problem);
}
