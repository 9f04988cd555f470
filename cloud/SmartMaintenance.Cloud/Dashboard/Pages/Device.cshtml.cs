using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.AnomalyDetection;
using SmartMaintenance.Cloud.Agents.Incidents;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Scheduling;
using SmartMaintenance.Cloud.Agents.Units;
using SmartMaintenance.Cloud.Agents.Validation;
using SmartMaintenance.Cloud.Devices;
using SmartMaintenance.Cloud.Resources;
using SmartMaintenance.Cloud.Storage;
using SmartMaintenance.Contracts;

namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>One sensor on the device page: what the registry and the readings know, and its trend.</summary>
public sealed record DeviceSensorView(string SensorId, string SensorType, string Unit, double? LastValue, DateTimeOffset? LastSeen,
    IReadOnlyList<ReadingAggregate> Trend, SensorLimits? Limits);

/// <summary>
/// Device page (/ui/Devices/{id}): is the machine talking (state, last seen), what it was told and what it answered
/// (desired configuration vs its acknowledgement), every sensor's latest value and trend over 1 h / 24 h / 7 d with
/// its validation limits, its open problems, its orders and the failure risk the last prediction gave.
/// </summary>
public sealed class DeviceModel(IStringLocalizer<DashboardText> text, IDeviceStore devices, IReadingStore readings,
    IIncidentStore incidents, IMaintenanceOrderStore orders, IOptions<ValidationOptions> validation, TimeProvider time,
    SmartMaintenance.Cloud.Ml.RulEstimateStore rulEstimates)
    : DashboardPage(text)
{
    /// <summary>The machine's latest remaining-useful-life estimate (turbofans only; null for any other machine).</summary>
    public SmartMaintenance.Cloud.Ml.MachineRul? Rul { get; private set; }

    /// <summary>The trend ranges offered, and the bucket each is folded into (about 120 points per chart).</summary>
    public static readonly IReadOnlyDictionary<string, (TimeSpan Span, TimeSpan Bucket)> Ranges = new Dictionary<string, (TimeSpan, TimeSpan)>
    {
        ["1h"] = (TimeSpan.FromHours(1), TimeSpan.FromSeconds(30)),
        ["24h"] = (TimeSpan.FromHours(24), TimeSpan.FromMinutes(12)),
        ["7d"] = (TimeSpan.FromDays(7), TimeSpan.FromMinutes(90)),
    };

    private const int ProblemsShown = 20;

    [BindProperty(SupportsGet = true)] public string Id { get; set; } = "";
    [BindProperty(SupportsGet = true)] public string Range { get; set; } = "1h";

    public DeviceRecord Device { get; private set; } = null!;
    public IReadOnlyList<DeviceSensorView> Sensors { get; private set; } = [];

    /// <summary>The device's incidents that no person has resolved yet, newest first (the incident queue, for this machine).</summary>
    public IReadOnlyList<MachineIncident> Problems { get; private set; } = [];

    public IReadOnlyList<MaintenanceOrder> Orders { get; private set; } = [];

    /// <summary>The newest order's prediction: risk and predicted failure (null when no prediction made an order).</summary>
    public MaintenanceOrder? Risk { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!Ranges.ContainsKey(Range))
        {
            Range = "1h";
        }

        if (await devices.GetAsync(Id, cancellationToken) is not { } device)
        {
            return NotFound();
        }

        Device = device;
        Now = time.GetUtcNow();
        var (span, bucket) = Ranges[Range];
        var seen = (await readings.ListSensorsAsync(cancellationToken)).Where(s => s.DeviceId == Id).ToDictionary(s => s.SensorId);
        var declared = device.Sensors.Select(s => (s.SensorId, s.SensorType, s.Unit))
            .Concat(seen.Values.Where(s => device.Sensors.All(d => d.SensorId != s.SensorId)).Select(s => (s.SensorId, s.SensorType, s.Unit)))
            .OrderBy(s => s.SensorId, StringComparer.Ordinal);
        var views = new List<DeviceSensorView>();
        foreach (var (sensorId, type, unit) in declared)
        {
            seen.TryGetValue(sensorId, out var summary);
            var trend = await readings.AggregateAsync(new AggregateQuery(sensorId, bucket, Now - span, Now), cancellationToken);
            views.Add(new DeviceSensorView(sensorId, type, summary?.Unit ?? unit, summary?.LastValue, summary?.LastSeen, trend,
                LimitsIn(type, summary?.Unit ?? unit)));
        }

        Sensors = views;
        Problems = (await incidents.ListAsync(new IncidentFilter(MachineId: Id, UnresolvedOnly: true, Limit: ProblemsShown), cancellationToken)).Items;
        Orders = await orders.ListAsync(null, null, Id, 20, cancellationToken);
        Risk = Orders.OrderByDescending(o => o.CreatedAt).FirstOrDefault();
        Rul = await rulEstimates.LatestAsync(Id, cancellationToken);
        return Page();
    }

    /// <summary>The validation limits of the type converted into the sensor's unit (null when none apply).</summary>
    private SensorLimits? LimitsIn(string type, string unit)
    {
        if (!validation.Value.Limits.TryGetValue(type, out var byUnit))
        {
            return null;
        }

        foreach (var (limitUnit, limits) in byUnit)
        {
            if (limitUnit == unit)
            {
                return limits;
            }

            if (UnitConversion.TryConvert(limits.Min, limitUnit, unit, out var min) && UnitConversion.TryConvert(limits.Max, limitUnit, unit, out var max))
            {
                return new SensorLimits { Min = min, Max = max, MaxRatePerSecond = limits.MaxRatePerSecond };
            }
        }

        return null;
    }

    /// <summary>The chart of one sensor: mean per bucket with min/max, the limits and the unit (shown in the user's unit).</summary>
    public string ChartJson(DeviceSensorView s, string preferredTemperature)
    {
        var shownUnit = Display.TemperatureDisplay.Convert(0, s.Unit, preferredTemperature).Unit;
        double Show(double v) => Display.TemperatureDisplay.Convert(v, s.Unit, preferredTemperature).Value;
        var spec = new
        {
            kind = "time",
            unit = shownUnit,
            sourceUnit = s.Unit,
            sensor = s.SensorId,
            device = Id,
            live = Range == "1h",
            from = (Now - Ranges[Range].Span).ToUnixTimeMilliseconds(),
            to = Now.ToUnixTimeMilliseconds(),
            limits = s.Limits is { } l ? new { min = Show(l.Min), max = Show(l.Max) } : null,
            series = new[]
            {
                new { label = Text["Device.Mean"].Value, points = s.Trend.Select(a => new[] { (double)a.BucketStart.ToUnixTimeMilliseconds(), Show(a.Avg) }).ToArray() },
                new { label = Text["Device.Min"].Value, points = s.Trend.Select(a => new[] { (double)a.BucketStart.ToUnixTimeMilliseconds(), Show(a.Min) }).ToArray() },
                new { label = Text["Device.Max"].Value, points = s.Trend.Select(a => new[] { (double)a.BucketStart.ToUnixTimeMilliseconds(), Show(a.Max) }).ToArray() },
            },
            limitLabels = new { min = Text["Device.LimitMin"].Value, max = Text["Device.LimitMax"].Value },
        };
        return JsonSerializer.Serialize(spec);
    }

    /// <summary>
    /// Desired (what the cloud sent) beside reported (what the device's birth message says it runs), one row per
    /// setting. A setting the desired config leaves out means the device's default, so it only differs when both
    /// sides name a value. "—" when a side says nothing (no config sent; device never reported, older firmware).
    /// </summary>
    public IReadOnlyList<ConfigRow> ConfigRows()
    {
        var desired = Device.Config?.Desired;
        var reported = Device.ReportedConfig;
        var defaults = Text["Device.DefaultValue"].Value;
        string Number(double? v, string format) => v is { } x ? x.ToString(format, System.Globalization.CultureInfo.CurrentCulture) : "";
        ConfigRow Row(string key, string label, string? d, string? r) =>
            new(key, label, desired is null ? "—" : d is { Length: > 0 } ? d : defaults, reported is null ? "—" : r is { Length: > 0 } ? r : "—",
                desired is not null && reported is not null && d is { Length: > 0 } && d != r);
        string Disabled(DeviceConfig? c) => c is null ? "" : c.DisabledSensors is { Count: > 0 } list ? string.Join(", ", list.Order(StringComparer.Ordinal)) : Text["Device.NoneDisabled"].Value;
        return
        [
            Row("version", "Device.ConfigVersion", desired?.Version.ToString("N0", System.Globalization.CultureInfo.CurrentCulture), reported?.Version.ToString("N0", System.Globalization.CultureInfo.CurrentCulture)),
            Row("zk", "Devices.ZThreshold", Number(desired?.ZThreshold, "0.0##"), Number(reported?.ZThreshold, "0.0##")),
            Row("zh", "Devices.Hysteresis", Number(desired?.Hysteresis, "0.0##"), Number(reported?.Hysteresis, "0.0##")),
            Row("wu", "Devices.Warmup", Number(desired?.WarmupSamples, "N0"), Number(reported?.WarmupSamples, "N0")),
            Row("sp", "Devices.SamplePeriod", Number(desired?.SamplePeriodMs, "N0"), Number(reported?.SamplePeriodMs, "N0")),
            Row("sum", "Devices.SummaryPeriod", Number(desired?.SummaryPeriodSeconds, "N0"), Number(reported?.SummaryPeriodSeconds, "N0")),
            Row("dis", "Device.DisabledSensors", Disabled(desired), Disabled(reported)),
        ];
    }
}
