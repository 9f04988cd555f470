using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Ingestion;
using SmartMaintenance.Cloud.Security;
using SmartMaintenance.Cloud.Hosting;
using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Cloud.Devices;

/// <summary>
/// POST /api/v1/devices                    provision (operate): the secret is in this answer only, stored as a hash
/// GET  /api/v1/devices, /{id}             registry with online state, last seen, config and ack (read)
/// POST /api/v1/devices/{id}/enable|disable (operate)
/// GET  /api/v1/devices/{id}/config (read), PUT (operate; optional If-Match: "version" guards lost updates)
/// </summary>
public static class DevicesApi
{
    public static IEndpointRouteBuilder MapDevicesApi(this IEndpointRouteBuilder routes)
    {
        var read = routes.MapGroup("/api/v1/devices").RequireScope(ApiScopes.Read).WithTags("Devices");
        read.MapGet("", ListAsync).Produces<IReadOnlyList<DeviceView>>();
        read.MapGet("/{id}", GetAsync).Produces<DeviceView>().ProducesProblem(404);
        read.MapGet("/{id}/config", GetConfigAsync).Produces<DeviceConfigView>().ProducesProblem(404);

        var operate = routes.MapGroup("/api/v1/devices").RequireScope(ApiScopes.Operate).WithTags("Devices");
        operate.MapPost("", ProvisionAsync).Accepts<ProvisionDeviceRequest>("application/json")
            .Produces<ProvisionedDevice>(201).ProducesValidationProblem().ProducesProblem(409);
        operate.MapPost("/{id}/enable", (string id, IDeviceStore store, CancellationToken ct) => SetEnabledAsync(id, true, store, ct));
        operate.MapPost("/{id}/disable", (string id, IDeviceStore store, CancellationToken ct) => SetEnabledAsync(id, false, store, ct));
        operate.MapPut("/{id}/config", PutConfigAsync).Accepts<DeviceConfig>("application/json")
            .Produces<DeviceConfigView>().ProducesValidationProblem().ProducesProblem(404).ProducesProblem(412);
        return routes;
    }

    internal static async Task<IResult> ListAsync(IDeviceStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(cancellationToken)).Select(DeviceView.From).ToList());

    internal static async Task<IResult> GetAsync(string id, IDeviceStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) is { } d ? TypedResults.Ok(DeviceView.From(d)) : NotFound(id);

    internal static async Task<IResult> GetConfigAsync(string id, IDeviceStore store, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken) switch
        {
            null => NotFound(id),
            { Config: null } => TypedResults.Problem(statusCode: 404, title: $"Device '{id}' has no configuration yet."),
            { Config: { } c } => TypedResults.Ok(DeviceConfigView.From(c)),
        };

    internal static async Task<IResult> ProvisionAsync(HttpContext context, IDeviceStore store, SensorCatalog catalog,
        IOptions<HttpSecurityOptions> http, TimeProvider time, BrokerManagedDevices managed)
    {
        var (request, problem) = await RequestBody.ReadJsonAsync(context, CloudJsonContext.Default.ProvisionDeviceRequest, http.Value.MaxJsonBodyBytes);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        if (!TopicScheme.IsValidId(request!.DeviceId))
        {
            errors["device_id"] = ["device_id must be 1-64 characters of letters, digits, '-', '_' or '.'."];
        }

        if (!TopicScheme.IsValidId(request.Site))
        {
            errors["site"] = ["site must be 1-64 characters of letters, digits, '-', '_' or '.'."];
        }

        if (request.DisplayName is { Length: > 200 })
        {
            errors["display_name"] = ["display_name must be at most 200 characters."];
        }

        var sensors = request.Sensors ?? [];
        for (var i = 0; i < sensors.Count; i++)
        {
            var s = sensors[i];
            if (!TopicScheme.IsValidId(s.SensorId) || string.IsNullOrWhiteSpace(s.SensorType) || string.IsNullOrWhiteSpace(s.Unit))
            {
                errors[$"sensors[{i}]"] = ["each sensor needs a valid sensor_id, a sensor_type and a unit."];
            }
            else if (catalog.CheckUnit(s.SensorType, s.Unit) is { } unitError)
            {
                errors[$"sensors[{i}].unit"] = [unitError];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The device is invalid.");
        }

        var secret = DeviceSecretHasher.NewSecret();
        var device = new DeviceRecord(request.DeviceId!, request.Site!, request.DisplayName ?? request.DeviceId!,
            DeviceSecretHasher.Hash(secret), sensors, Enabled: true, Online: false, LastSeen: null, CreatedAt: time.GetUtcNow(), Config: null);
        if (!await store.CreateAsync(device, context.RequestAborted))
        {
            return TypedResults.Problem(statusCode: 409, title: $"Device '{device.DeviceId}' exists.");
        }

        // From now on only a broker key may write this device's telemetry.
        managed.Invalidate();

        return TypedResults.Created($"/api/v1/devices/{device.DeviceId}", new ProvisionedDevice(device.DeviceId, device.Site, secret));
    }

    internal static async Task<IResult> SetEnabledAsync(string id, bool enabled, IDeviceStore store, CancellationToken cancellationToken) =>
        await store.SetEnabledAsync(id, enabled, cancellationToken) && await store.GetAsync(id, cancellationToken) is { } d
            ? TypedResults.Ok(DeviceView.From(d))
            : NotFound(id);

    internal static async Task<IResult> PutConfigAsync(string id, HttpContext context, IDeviceStore store,
        IOptions<HttpSecurityOptions> http, TimeProvider time)
    {
        var (config, problem) = await RequestBody.ReadJsonAsync(context, ContractsJsonContext.Default.DeviceConfig, http.Value.MaxJsonBodyBytes);
        if (problem is not null)
        {
            return problem;
        }

        var errors = DeviceConfigRules.Validate(config!);
        long? expected = null;
        var ifMatch = context.Request.Headers.IfMatch.ToString().Trim('"', ' ', 'W', '/');
        if (ifMatch.Length > 0)
        {
            if (long.TryParse(ifMatch, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v))
            {
                expected = v;
            }
            else
            {
                errors["If-Match"] = ["If-Match must be the current config version in quotes, e.g. \"3\"."];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The configuration is invalid.");
        }

        var (status, stored) = await store.PutConfigAsync(id, config!, expected, time.GetUtcNow(), context.RequestAborted);
        switch (status)
        {
            case ConfigUpdateStatus.DeviceNotFound:
                return NotFound(id);
            case ConfigUpdateStatus.VersionMismatch:
                return TypedResults.Problem(statusCode: 412, title: "The configuration changed since you read it.",
                    detail: "Read it again and send its version in If-Match.");
            default:
                context.Response.Headers.ETag = $"\"{stored!.Version}\"";
                var device = await store.GetAsync(id, context.RequestAborted);
                return TypedResults.Ok(DeviceConfigView.From(device!.Config!));
        }
    }

    private static IResult NotFound(string id) => TypedResults.Problem(statusCode: 404, title: $"Device '{id}' is not registered.");
}
