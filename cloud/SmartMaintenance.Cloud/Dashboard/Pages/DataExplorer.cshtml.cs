using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using SmartMaintenance.Cloud.Dashboard.Backends;
using SmartMaintenance.Cloud.Dashboard.Display;
using SmartMaintenance.Cloud.Dashboard.Localization;
using SmartMaintenance.Cloud.Devices;
using SmartMaintenance.Cloud.Query;
using SmartMaintenance.Cloud.Resources;
using SmartMaintenance.Cloud.Storage;
using SmartMaintenance.Contracts;

namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>
/// Data Explorer: the newest readings first, over a relative period (last 15 min / 1 h / 24 h / 7 d, the default
/// the last hour) or an absolute one; device, sensor and type chosen from what the registry and the readings know;
/// one chart per unit (K and rpm never share an axis) on a real time axis; older pages; live rows and points while
/// the period is relative; the total count; CSV export of the whole filter.
/// </summary>
public sealed class DataExplorerModel(IStringLocalizer<DashboardText> text, ReadingsBackend readings, IReadingStore store,
    IDeviceStore devices, TimeProvider time, PlantTime clock) : DashboardPage(text)
{
    public static readonly int[] PageSizes = [25, 50, 100, 500];

    /// <summary>Relative periods; "custom" uses From/To.</summary>
    public static readonly IReadOnlyDictionary<string, TimeSpan> Periods = new Dictionary<string, TimeSpan>
    {
        ["15m"] = TimeSpan.FromMinutes(15),
        ["1h"] = TimeSpan.FromHours(1),
        ["24h"] = TimeSpan.FromHours(24),
        ["7d"] = TimeSpan.FromDays(7),
    };

    public const string Custom = "custom";

    /// <summary>Sensors drawn at most (a busy plant has dozens: pick a device or a sensor to see the rest).</summary>
    public const int MaxChartSensors = 8;

    [BindProperty(SupportsGet = true)] public string? SensorId { get; set; }
    [BindProperty(SupportsGet = true)] public string? SensorType { get; set; }
    [BindProperty(SupportsGet = true)] public string? DeviceId { get; set; }
    [BindProperty(SupportsGet = true)] public string Period { get; set; } = "1h";
    [BindProperty(SupportsGet = true)] public DateTime? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateTime? To { get; set; }

    /// <summary>Older page: readings before this time (epoch ms), from the "Older" link.</summary>
    [BindProperty(SupportsGet = true)] public long? Before { get; set; }
    [BindProperty(SupportsGet = true)] public int Limit { get; set; } = 50;

    public IReadOnlyList<StoredReading> Items { get; private set; } = [];
    public long Total { get; private set; }
    public IReadOnlyList<string> DeviceChoices { get; private set; } = [];
    public IReadOnlyList<SensorSummary> SensorChoices { get; private set; } = [];
    public IReadOnlyList<string> TypeChoices { get; private set; } = [];

    /// <summary>One chart per unit: the unit and its JSON spec.</summary>
    public IReadOnlyList<(string Unit, string Json)> Charts { get; private set; } = [];
    public int ChartSensorsLeftOut { get; private set; }
    public DateTimeOffset RangeFrom { get; private set; }
    public DateTimeOffset RangeTo { get; private set; }
    public bool IsLive => Period != Custom && Before is null;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (!PageSizes.Contains(Limit))
        {
            Limit = 50;
        }

        if (Period != Custom && !Periods.ContainsKey(Period))
        {
            Period = "1h";
        }

        Hidden = await HiddenDevicesAsync(cancellationToken);
        var sensors = (await store.ListSensorsAsync(cancellationToken)).Where(s => s.DeviceId is null || !Hidden.Contains(s.DeviceId)).ToList();
        var registry = (await devices.ListAsync(cancellationToken)).Where(d => !Hidden.Contains(d.DeviceId)).ToList();
        DeviceChoices = registry.Select(d => d.DeviceId).Concat(sensors.Where(s => s.DeviceId is not null).Select(s => s.DeviceId!))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        SensorChoices = sensors.Where(s => string.IsNullOrWhiteSpace(DeviceId) || s.DeviceId == DeviceId.Trim())
            .OrderBy(s => s.DeviceId, StringComparer.Ordinal).ThenBy(s => s.SensorId, StringComparer.Ordinal).ToList();
        TypeChoices = sensors.Select(s => s.SensorType).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        var now = time.GetUtcNow();
        if (Period == Custom)
        {
            if (From is { } f && To is { } t && f > t)
            {
                FieldError(nameof(To), "DataExplorer.Error.Range");
                return;
            }

            RangeFrom = Utc(From) ?? sensors.Select(s => s.FirstSeen).DefaultIfEmpty(now.AddHours(-1)).Min();
            RangeTo = Utc(To) ?? now;
        }
        else
        {
            RangeTo = now;
            RangeFrom = now - Periods[Period];
        }

        var filter = Filter();
        var pageFilter = Before is { } b ? filter with { To = DateTimeOffset.FromUnixTimeMilliseconds(b) } : filter;
        (Items, _) = await readings.NewestAsync(pageFilter, now, Limit, cancellationToken);
        Total = await store.CountAsync(filter.ToQuery(0, 1), cancellationToken);
        await ChartsAsync(filter, cancellationToken);
    }

    /// <summary>GET ?handler=Csv: every matching reading as CSV (invariant culture, UTC ISO 8601), streamed.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        RangeTo = Period == Custom ? Utc(To) ?? now : now;
        RangeFrom = Period == Custom ? Utc(From) ?? DateTimeOffset.UnixEpoch : now - (Periods.TryGetValue(Period, out var p) ? p : Periods["1h"]);
        Hidden = await HiddenDevicesAsync(cancellationToken);
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = "attachment; filename=\"readings.csv\"";
        await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        // The same columns as the API's export (one spelling of a reading in CSV, Query/ReadingsCsv.cs).
        await writer.WriteAsync(ReadingsCsv.Header);
        var line = new StringBuilder(256);
        await foreach (var r in readings.AllAsync(Filter(), cancellationToken))
        {
            await writer.WriteAsync(ReadingsCsv.AppendRow(line.Clear(), r), cancellationToken);
        }

        await writer.FlushAsync(cancellationToken);
        return new EmptyResult();
    }

    /// <summary>The sensors of the filter folded into about 200 buckets each, one chart per unit, in the user's unit.</summary>
    private async Task ChartsAsync(ReadingFilter filter, CancellationToken cancellationToken)
    {
        var candidates = SensorChoices.Where(s => (filter.SensorId is null || s.SensorId == filter.SensorId)
                && (filter.SensorType is null || s.SensorType == filter.SensorType) && s.FirstSeen <= RangeTo)
            .OrderByDescending(s => s.LastSeen >= RangeFrom).ToList();
        ChartSensorsLeftOut = Math.Max(0, candidates.Count - MaxChartSensors);
        var span = RangeTo - RangeFrom;
        var bucket = TimeSpan.FromMilliseconds(Math.Max(1000, span.TotalMilliseconds / 200));
        var preferred = TemperatureDisplay.Preferred(HttpContext);
        var groups = new Dictionary<string, List<object>>(StringComparer.Ordinal);
        foreach (var s in candidates.Take(MaxChartSensors))
        {
            var buckets = await store.AggregateAsync(new AggregateQuery(s.SensorId, bucket, RangeFrom, RangeTo), cancellationToken);
            if (buckets.Count == 0)
            {
                continue;
            }

            var unit = TemperatureDisplay.Convert(0, s.Unit, preferred).Unit;
            if (!groups.TryGetValue(unit, out var list))
            {
                groups[unit] = list = [];
            }

            list.Add(new
            {
                label = s.SensorId,
                sensor = s.SensorId,
                device = s.DeviceId,
                points = buckets.Select(a => new[] { (double)a.BucketStart.ToUnixTimeMilliseconds(), TemperatureDisplay.Convert(a.Avg, s.Unit, preferred).Value }).ToArray(),
            });
        }

        Charts = groups.Select(g => (g.Key, JsonSerializer.Serialize(new
        {
            kind = "time",
            live = IsLive,
            from = RangeFrom.ToUnixTimeMilliseconds(),
            to = RangeTo.ToUnixTimeMilliseconds(),
            groups = new[] { new { unit = g.Key, series = g.Value } },
        }))).ToList();
    }

    /// <summary>The query string of this filter (for the older-page link and the export).</summary>
    public string Link(long? before, string? handler = null)
    {
        var q = new List<string>();
        void Add(string k, string? v)
        {
            if (!string.IsNullOrWhiteSpace(v))
            {
                q.Add(k + "=" + Uri.EscapeDataString(v));
            }
        }

        Add("handler", handler);
        Add(nameof(DeviceId), DeviceId);
        Add(nameof(SensorId), SensorId);
        Add(nameof(SensorType), SensorType);
        Add(nameof(Period), Period);
        Add(nameof(From), Period == Custom ? From?.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) : null);
        Add(nameof(To), Period == Custom ? To?.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) : null);
        Add(nameof(Limit), handler is null ? Limit.ToString(CultureInfo.InvariantCulture) : null);
        Add(nameof(Before), before?.ToString(CultureInfo.InvariantCulture));
        return "/ui/DataExplorer" + (q.Count > 0 ? "?" + string.Join('&', q) : "");
    }

    /// <summary>The type labels for the live rows (the script writes the same labels as the server).</summary>
    public string TypeLabelsJson() => JsonSerializer.Serialize(TypeChoices.ToDictionary(t => t, t => SensorNames.Label(t, Text)));

    /// <summary>The demo site's devices while demo data is hidden (left out of rows, counts, charts and the export).</summary>
    private IReadOnlySet<string> Hidden { get; set; } = new HashSet<string>();

    private ReadingFilter Filter() => new(SensorId, SensorType, DeviceId, RangeFrom, RangeTo, Hidden.Count > 0 ? [.. Hidden] : null);

    /// <summary>Absolute times are typed in the plant's time zone, like every time the pages show (the export stays UTC).</summary>
    private DateTimeOffset? Utc(DateTime? t) => t is { } v ? clock.ToUtc(v) : null;
}
