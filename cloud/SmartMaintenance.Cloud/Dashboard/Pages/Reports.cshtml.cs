using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using SmartMaintenance.Cloud.Agents.Reporting;
using SmartMaintenance.Cloud.Resources;

namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>Reports: generate a fleet report for a period (operator) and download any report as JSON or CSV.</summary>
public sealed class ReportsModel(IStringLocalizer<DashboardText> text, ReportService service, IReportStore reports, TimeProvider time)
    : DashboardPage(text)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    [BindProperty, Required(ErrorMessage = "Validation.Required"), Range(1, 720, ErrorMessage = "Reports.Error.Hours")]
    public int? Hours { get; set; } = 24;

    public IReadOnlyList<FleetReport> Items { get; private set; } = [];
    public long? GeneratedId { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Items = await reports.ListAsync(50, cancellationToken);

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
            GeneratedId = report.Id;
        }

        Items = await reports.ListAsync(50, cancellationToken);
        return Page();
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
