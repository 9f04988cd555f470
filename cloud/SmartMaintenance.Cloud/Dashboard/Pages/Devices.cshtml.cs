using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using SmartMaintenance.Cloud.Devices;
using SmartMaintenance.Cloud.Ingestion;
using SmartMaintenance.Cloud.Resources;
using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>
/// Devices: the registry with online state and last seen; an admin provisions a device (the secret is shown in
/// that one answer and stored only as a PBKDF2 hash, as POST /api/v1/devices does) and pushes a configuration,
/// whose acknowledgement the broker reports back.
/// </summary>
public sealed class DevicesModel(IStringLocalizer<DashboardText> text, IDeviceStore store, SensorCatalog catalog, TimeProvider time)
    : DashboardPage(text)
{
    private const string IdPattern = "^[A-Za-z0-9._-]{1,64}$";

    [BindProperty, Required(ErrorMessage = "Validation.Required"), RegularExpression(IdPattern, ErrorMessage = "Ingest.Error.SensorId")]
    public string? DeviceId { get; set; }

    [BindProperty, Required(ErrorMessage = "Validation.Required"), RegularExpression(IdPattern, ErrorMessage = "Ingest.Error.SensorId")]
    public string? Site { get; set; } = "plant-1";

    [BindProperty, StringLength(200, ErrorMessage = "Devices.Error.NameLength")]
    public string? DisplayName { get; set; }

    [BindProperty, RegularExpression(IdPattern, ErrorMessage = "Ingest.Error.SensorId")]
    public string? SensorId { get; set; }

    [BindProperty] public string? SensorType { get; set; } = "temperature";
    [BindProperty] public string? Unit { get; set; } = "C";

    // Desired configuration: every field optional (empty = the device's built-in default; a push is the complete
    // desired state). Ranges are checked by DeviceConfigRules, the same rules as PUT /api/v1/devices/{id}/config.
    [BindProperty] public string? ConfigDevice { get; set; }
    [BindProperty] public double? ZThreshold { get; set; }
    [BindProperty] public double? Hysteresis { get; set; }
    [BindProperty] public int? WarmupSamples { get; set; }
    [BindProperty] public int? SamplePeriodMs { get; set; }
    [BindProperty] public int? SummaryPeriodSeconds { get; set; }
    [BindProperty] public string? DisabledSensors { get; set; }

    public IReadOnlyList<DeviceRecord> Items { get; private set; } = [];

    /// <summary>The new device's secret: in this one response only.</summary>
    public string? NewSecret { get; private set; }
    public string? NewDevice { get; private set; }
    public long? PushedVersion { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Items = await ListAsync(cancellationToken);

    /// <summary>The registry without the demo site's devices while demo data is hidden.</summary>
    private async Task<IReadOnlyList<DeviceRecord>> ListAsync(CancellationToken cancellationToken)
    {
        var hidden = await HiddenDevicesAsync(cancellationToken);
        return [.. (await store.ListAsync(cancellationToken)).Where(d => !hidden.Contains(d.DeviceId))];
    }

    public async Task<IActionResult> OnPostProvisionAsync(CancellationToken cancellationToken)
    {
        if (!CanAdminister)
        {
            return NotAllowed();
        }

        foreach (var key in new[] { nameof(ConfigDevice), nameof(ZThreshold), nameof(Hysteresis), nameof(WarmupSamples),
                     nameof(SamplePeriodMs), nameof(SummaryPeriodSeconds), nameof(DisabledSensors) })
        {
            ModelState.Remove(key);
        }

        var sensors = new List<DeviceSensor>();
        if (!string.IsNullOrWhiteSpace(SensorId))
        {
            if (string.IsNullOrWhiteSpace(SensorType) || string.IsNullOrWhiteSpace(Unit) || catalog.CheckUnit(SensorType, Unit) is not null)
            {
                FieldError(nameof(Unit), "Ingest.Error.Unit");
            }
            else
            {
                sensors.Add(new DeviceSensor(SensorId.Trim(), SensorType.Trim(), Unit.Trim()));
            }
        }

        if (ModelState.IsValid)
        {
            var secret = DeviceSecretHasher.NewSecret();
            var device = new DeviceRecord(DeviceId!, Site!, string.IsNullOrWhiteSpace(DisplayName) ? DeviceId! : DisplayName.Trim(),
                DeviceSecretHasher.Hash(secret), sensors, Enabled: true, Online: false, LastSeen: null, CreatedAt: time.GetUtcNow(), Config: null);
            if (await store.CreateAsync(device, cancellationToken))
            {
                NewSecret = secret;
                NewDevice = device.DeviceId;
            }
            else
            {
                FieldError(nameof(DeviceId), "Devices.Error.Exists");
            }
        }

        Items = await ListAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostConfigAsync(CancellationToken cancellationToken)
    {
        if (!CanAdminister)
        {
            return NotAllowed();
        }

        foreach (var key in new[] { nameof(DeviceId), nameof(Site), nameof(DisplayName), nameof(SensorId) })
        {
            ModelState.Remove(key);
        }

        var desired = new DeviceConfig
        {
            ZThreshold = ZThreshold,
            Hysteresis = Hysteresis,
            WarmupSamples = WarmupSamples,
            SamplePeriodMs = SamplePeriodMs,
            SummaryPeriodSeconds = SummaryPeriodSeconds,
            DisabledSensors = string.IsNullOrWhiteSpace(DisabledSensors)
                ? null
                : DisabledSensors.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        };
        if (ModelState.IsValid)
        {
            ConfigErrors(DeviceConfigRules.Validate(desired));
        }

        if (ModelState.IsValid && !string.IsNullOrWhiteSpace(ConfigDevice))
        {
            var (status, config) = await store.PutConfigAsync(ConfigDevice, desired, null, time.GetUtcNow(), cancellationToken);
            if (status == ConfigUpdateStatus.Updated)
            {
                PushedVersion = config!.Version;
            }
            else
            {
                FieldError(nameof(ConfigDevice), "Devices.Error.Unknown");
            }
        }

        Items = await ListAsync(cancellationToken);
        return Page();
    }

    /// <summary>The rules' errors (keyed by wire field) next to the form field, in the page's language.</summary>
    private void ConfigErrors(Dictionary<string, string[]> errors)
    {
        static string N(int v) => v.ToString("N0", System.Globalization.CultureInfo.CurrentCulture);
        foreach (var field in errors.Keys)
        {
            switch (field)
            {
                case WireFields.Threshold:
                    FieldError(nameof(ZThreshold), "Devices.Error.Range", N(ConfigLimits.ThresholdMin), N(ConfigLimits.ThresholdMax));
                    break;
                case WireFields.Hysteresis when Hysteresis is >= ConfigLimits.HysteresisMin and <= ConfigLimits.HysteresisMax:
                    FieldError(nameof(Hysteresis), "Devices.Error.HysteresisBelowThreshold");
                    break;
                case WireFields.Hysteresis:
                    FieldError(nameof(Hysteresis), "Devices.Error.Range", N(ConfigLimits.HysteresisMin), N(ConfigLimits.HysteresisMax));
                    break;
                case WireFields.WarmupSamples:
                    FieldError(nameof(WarmupSamples), "Devices.Error.Range", N(ConfigLimits.WarmupMin), N(ConfigLimits.WarmupMax));
                    break;
                case WireFields.SamplePeriodMs:
                    FieldError(nameof(SamplePeriodMs), "Devices.Error.Range", N(ConfigLimits.SamplePeriodMsMin), N(ConfigLimits.SamplePeriodMsMax));
                    break;
                case WireFields.SummaryPeriodS:
                    FieldError(nameof(SummaryPeriodSeconds), "Devices.Error.Range", N(ConfigLimits.SummaryPeriodSMin), N(ConfigLimits.SummaryPeriodSMax));
                    break;
                default:
                    // dis, dis[i] and the size of the whole message: the sensor list is what can make it too long.
                    FieldError(nameof(DisabledSensors), "Devices.Error.DisabledSensors", ConfigLimits.MaxSensors);
                    break;
            }
        }
    }
}
