using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using SmartMaintenance.Cloud.Dashboard.Backends;
using SmartMaintenance.Cloud.Query;
using SmartMaintenance.Cloud.Resources;
using SmartMaintenance.Contracts;

namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>Data Explorer: filters, keyset pages (stable while readings arrive), a chart of the page, CSV export.</summary>
public sealed class DataExplorerModel(IStringLocalizer<DashboardText> text, ReadingsBackend readings) : DashboardPage(text)
{
    public static readonly int[] PageSizes = [25, 50, 100, 500];

    [BindProperty(SupportsGet = true)] public string? SensorId { get; set; }
    [BindProperty(SupportsGet = true)] public string? SensorType { get; set; }
    [BindProperty(SupportsGet = true)] public string? DeviceId { get; set; }
    [BindProperty(SupportsGet = true)] public DateTime? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateTime? To { get; set; }
    [BindProperty(SupportsGet = true)] public long Cursor { get; set; }
    [BindProperty(SupportsGet = true)] public int Limit { get; set; } = 50;

    public IReadOnlyList<StoredReading> Items { get; private set; } = [];
    public long? NextCursor { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (!PageSizes.Contains(Limit))
        {
            Limit = 50;
        }

        if (From is { } f && To is { } t && f > t)
        {
            FieldError(nameof(To), "DataExplorer.Error.Range");
            return;
        }

        (Items, NextCursor) = await readings.PageAsync(Filter(), Math.Max(0, Cursor), Limit, cancellationToken);
    }

    /// <summary>GET ?handler=Csv: every matching reading as CSV (invariant culture, UTC ISO 8601), streamed.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
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

    /// <summary>The chart's data: values of this page in time order (labels formatted in the chosen culture).</summary>
    public string ChartJson()
    {
        var points = Items.OrderBy(r => r.Timestamp).ToList();
        var spec = new
        {
            labels = points.Select(p => p.Timestamp.UtcDateTime.ToString("g", CultureInfo.CurrentCulture)).ToArray(),
            datasets = new[]
            {
                new { label = Text["Common.Value"].Value, data = points.Select(p => p.Value).ToArray(), borderColor = "#0b3d91", backgroundColor = "#0b3d91", pointRadius = 2 },
            },
        };
        return JsonSerializer.Serialize(spec);
    }

    /// <summary>The query string of this filter with another cursor (for the paging links and the export).</summary>
    public string Link(long? cursor, string? handler = null)
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
        Add(nameof(SensorId), SensorId);
        Add(nameof(SensorType), SensorType);
        Add(nameof(DeviceId), DeviceId);
        Add(nameof(From), From?.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
        Add(nameof(To), To?.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
        Add(nameof(Limit), handler is null ? Limit.ToString(CultureInfo.InvariantCulture) : null);
        Add(nameof(Cursor), cursor is > 0 ? cursor.Value.ToString(CultureInfo.InvariantCulture) : null);
        return "/ui/DataExplorer" + (q.Count > 0 ? "?" + string.Join('&', q) : "");
    }

    private ReadingFilter Filter() => new(SensorId, SensorType, DeviceId, Utc(From), Utc(To));

    private static DateTimeOffset? Utc(DateTime? t) => t is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : null;
}
