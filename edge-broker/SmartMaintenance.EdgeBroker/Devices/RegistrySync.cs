using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;
using SmartMaintenance.EdgeBroker.Downlink;
using SmartMaintenance.EdgeBroker.Forwarding;
using SmartMaintenance.EdgeBroker.Observability;

namespace SmartMaintenance.EdgeBroker.Devices;

/// <summary>
/// Pulls the device registry (secret hashes only) and desired configs from the cloud (GET /api/v1/broker/sync)
/// every SyncInterval. Cloud entries add to or override the local device file (written atomically, then
/// reloaded); devices provisioned only at the edge are kept. When the cloud is unreachable or has no sync
/// endpoint (404), the local file stays the source: logged once per outage, retried next interval.
/// </summary>
public sealed partial class RegistrySync(
    IHttpClientFactory httpFactory,
    IOptions<CloudForwarderOptions> cloud,
    IOptions<DeviceRegistryOptions> registryOptions,
    DeviceRegistry registry,
    ConfigDownlink downlink,
    CloudLink link,
    CloudEndpoints endpoints,
    BrokerMetrics metrics,
    TimeProvider time,
    ILogger<RegistrySync> logger) : BackgroundService
{
    private bool _failureLogged;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var http = httpFactory.CreateClient("cloud");
        while (!stoppingToken.IsCancellationRequested)
        {
            await SyncOnceAsync(http, stoppingToken);
            await Task.Delay(cloud.Value.SyncInterval, time, stoppingToken);
        }
    }

    /// <summary>One sync; true when the cloud answered with a registry.</summary>
    public async Task<bool> SyncOnceAsync(HttpClient http, CancellationToken cancellationToken)
    {
        // Any cloud instance serves the registry (one database); a failed one is skipped for a while (CloudEndpoints).
        var endpoint = endpoints.Pick();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint.BaseUri, "api/v1/broker/sync"));
            request.Headers.Add("x-api-key", cloud.Value.EffectiveBrokerKey);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(cloud.Value.RequestTimeout);
            using var response = await http.SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                Failed(response.StatusCode == HttpStatusCode.NotFound
                    ? "the cloud has no sync endpoint (HTTP 404)"
                    : $"HTTP {(int)response.StatusCode}");
                if (response.StatusCode != HttpStatusCode.NotFound)
                {
                    link.Failed((int)response.StatusCode);
                    endpoints.Failed(endpoint, (int)response.StatusCode);
                }

                return false;
            }

            var sync = await response.Content.ReadFromJsonAsync(ContractsJsonContext.Default.BrokerSyncResponse, timeout.Token)
                ?? new BrokerSyncResponse();
            link.Succeeded();
            endpoints.Succeeded(endpoint);
            var changed = Merge(sync.Devices);
            if (changed > 0)
            {
                registry.Reload();
                LogRegistryUpdated(changed, registry.Count);
            }

            await downlink.ApplyAsync(sync.Configs, cancellationToken);
            metrics.Synced(true);
            _failureLogged = false;
            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException
            || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            link.Failed();
            endpoints.Failed(endpoint, null);
            Failed(ex.Message);
            return false;
        }
    }

    private int Merge(IReadOnlyList<DeviceRegistryEntry> entries)
    {
        var path = registryOptions.Value.File;
        var file = DeviceRegistry.Load(path);
        var byId = file.Devices.ToDictionary(d => d.DeviceId, StringComparer.Ordinal);
        var changed = 0;
        foreach (var entry in entries)
        {
            if (!TopicScheme.IsValidId(entry.DeviceId) || !TopicScheme.IsValidId(entry.Site) || !IsHashFormat(entry.SecretHash))
            {
                LogInvalidEntry(entry.DeviceId);
                continue;
            }

            var record = new DeviceRecord { DeviceId = entry.DeviceId, Site = entry.Site, Enabled = entry.Enabled, SecretHash = entry.SecretHash };
            if (!byId.TryGetValue(entry.DeviceId, out var local) || local != record)
            {
                byId[entry.DeviceId] = record;
                changed++;
            }
        }

        if (changed > 0)
        {
            DeviceRegistry.Save(path, new DeviceFile { Devices = [.. byId.Values.OrderBy(d => d.DeviceId, StringComparer.Ordinal)] });
        }

        return changed;
    }

    /// <summary>The DeviceSecretHasher format, "pbkdf2-sha256$iterations$salt$hash": a registry entry never carries a secret.</summary>
    private static bool IsHashFormat(string hash) => hash.StartsWith("pbkdf2-sha256$", StringComparison.Ordinal) && hash.Split('$').Length == 4;

    private void Failed(string reason)
    {
        metrics.Synced(false);
        if (!_failureLogged)
        {
            _failureLogged = true;
            LogSyncFailed(reason);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Device registry sync failed ({Reason}); keeping the local device file and retrying")]
    private partial void LogSyncFailed(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Device registry synced from the cloud: {Changed} devices changed, {Total} known")]
    private partial void LogRegistryUpdated(int changed, int total);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored an invalid registry entry from the cloud for device '{DeviceId}'")]
    private partial void LogInvalidEntry(string deviceId);
}
