using System.Text.Json;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Ingestion;
using SmartMaintenance.Cloud.Security;
using SmartMaintenance.Cloud.Storage.DeadLetters;
using SmartMaintenance.Cloud.Hosting;
using SmartMaintenance.Contracts;

namespace SmartMaintenance.Cloud.Devices;

/// <summary>
/// GET  /api/v1/broker/sync    the registry (secret hashes only) and desired configs the edge broker mirrors
/// POST /api/v1/broker/events  online/offline and config acknowledgements the broker saw
/// Both need the "broker" scope.
/// </summary>
public static class BrokerApi
{
    public static IEndpointRouteBuilder MapBrokerApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/v1/broker").RequireScope(ApiScopes.Broker).WithTags("Broker");
        api.MapGet("/sync", SyncAsync).Produces<BrokerSyncResponse>();
        api.MapPost("/events", EventsAsync).Accepts<DeviceEventBatch>("application/json").Produces<DeviceEventsResult>().ProducesValidationProblem();
        return routes;
    }

    internal static async Task<IResult> SyncAsync(IDeviceStore store, BrokerContact contact, CancellationToken cancellationToken)
    {
        contact.Synced();
        var devices = await store.ListAsync(cancellationToken);
        return TypedResults.Ok(new BrokerSyncResponse
        {
            Devices = [.. devices.Select(d => new DeviceRegistryEntry { DeviceId = d.DeviceId, Site = d.Site, Enabled = d.Enabled, SecretHash = d.SecretHash })],
            Configs = [.. devices.Where(d => d.Config is not null)
                .Select(d => new DesiredDeviceConfig { DeviceId = d.DeviceId, Site = d.Site, Config = d.Config!.Desired })],
        });
    }

    internal static async Task<IResult> EventsAsync(HttpContext context, IDeviceStore store, IDeadLetterStore deadLetters,
        BrokerContact contact, IOptions<HttpSecurityOptions> http, TimeProvider time)
    {
        var (batch, problem) = await RequestBody.ReadJsonAsync(context, ContractsJsonContext.Default.DeviceEventBatch, http.Value.MaxJsonBodyBytes);
        if (problem is not null)
        {
            return problem;
        }

        contact.EventsReceived(batch!.BrokerId);

        var applied = 0;
        var errors = new List<string>();
        var letters = new List<DeadLetter>();
        var now = time.GetUtcNow();
        for (var i = 0; i < batch!.Events.Count; i++)
        {
            var e = batch.Events[i];
            var error = e.Kind switch
            {
                DeviceEventKinds.Online when e.FirmwareVersion is { } fw && (fw.Length is 0 or > DeviceStatusReport.MaxFirmwareLength || fw.Any(c => c is < ' ' or > '~'))
                    => $"firmware_version must be 1 to {DeviceStatusReport.MaxFirmwareLength} printable ASCII characters",
                DeviceEventKinds.Online when e.ReportedConfig is { } rc && (rc.Version < 0 || (rc.DisabledSensors?.Count ?? 0) > Contracts.Wire.ConfigLimits.MaxSensors)
                    => "reported_config must have a version >= 0 and at most " + Contracts.Wire.ConfigLimits.MaxSensors + " disabled sensors",
                DeviceEventKinds.Online or DeviceEventKinds.Offline => null,
                DeviceEventKinds.ConfigAck when e.ConfigVersion is null || e.Applied is null => "config_ack needs config_version and applied",
                DeviceEventKinds.ConfigAck => null,
                _ => $"unknown event kind '{e.Kind}'",
            };
            if (error is null && !await store.ApplyEventAsync(e, context.RequestAborted))
            {
                error = $"device '{e.DeviceId}' is not registered";
            }

            if (error is null)
            {
                applied++;
                continue;
            }

            errors.Add($"events[{i}]: {error}");
            letters.Add(new DeadLetter(now, "broker-events", error, JsonSerializer.Serialize(e, CloudJsonContext.Default.DeviceEvent)));
        }

        await deadLetters.AddAsync(letters, context.RequestAborted);
        return TypedResults.Ok(new DeviceEventsResult(applied, errors.Count, errors));
    }
}
