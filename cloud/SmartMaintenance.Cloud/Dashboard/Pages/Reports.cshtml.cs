using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using SmartMaintenance.Cloud.Agents.Reporting;
using SmartMaintenance.Cloud.Dashboard.Display;
using SmartMaintenance.Cloud.Resources;

namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>
/// Reports: generate a fleet report for a period (operator; a period in which nothing happened writes none, and the page
/// says so), read any report on its own page (/ui/Reports/{id}, charts, printable) or download it as JSON or CSV. The
/// demo runs' reports (Golden Path) are listed only while demo data is shown.
/// </summary>
public sealed class ReportsModel(IStringLocalizer<DashboardText> text, ReportService service, IReportStore reports, TimeProvider time)
    : DashboardPage(text)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    [BindProperty, Required(ErrorMessage = "Validation.Required"), Range(1, 720, ErrorMessage = "Reports.Error.Hours")]
    public int? Hours { get; set; } = 24;

    public IReadOnlyList<FleetReport> Items { get; private set; } = [];
    public long? GeneratedId { get; private set; }

    /// <summary>The last generation found nothing in its period and wrote no report.</summary>
    public bool NothingToReport { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Items = await ListAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!CanOperate)
        {
            return NotAllowed();
        }

        if (ModelState.IsValid)
        {
            var end = time.GetUtcNow();
            var report = await service.GenerateAsync(end.AddHours(-Hours!.Value), end, $"dashboard-report:{Guid.NewGuid():N}", "fleet", cancellationToken);
            GeneratedId = report?.Id;
            NothingToReport = report is null;
        }

        Items = await ListAsync(cancellationToken);
        return Page();
    }

    private async Task<IReadOnlyList<FleetReport>> ListAsync(CancellationToken cancellationToken)
    {
        var all = await reports.ListAsync(200, cancellationToken);
        return DemoVisibility.Shown(HttpContext) ? [.. all.Take(50)] : [.. all.Where(r => !DemoVisibility.IsDemoReport(r.CorrelationId)).Take(50)];
    }

    public async Task<IActionResult> OnGetDownloadAsync(long id, string? format, CancellationToken cancellationToken)
    {
        if (await reports.GetAsync(id, cancellationToken) is not { } report)
        {
            return NotFound();
        }

        return format == "csv"
            ? File(Encoding.UTF8.GetBytes(ReportCsv.Write(report)), "text/csv; charset=utf-8", $"report-{id}.csv")
            : File(JsonSerializer.SerializeToUtf8Bytes(report, Json), "application/json", $"report-{id}.json");
    }
}
