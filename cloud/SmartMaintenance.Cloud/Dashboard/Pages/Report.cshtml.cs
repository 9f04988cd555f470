using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using SmartMaintenance.Cloud.Agents.Reporting;
using SmartMaintenance.Cloud.Resources;

namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>
/// One report to read (and print on A4): period, totals, charts of anomalies by severity, orders by state and fleet
/// health, the fleet table and the production model, in the reader's language; JSON and CSV beside it. Each chart has
/// its numbers in a table too (a screen reader and a print without scripts read the same).
/// </summary>
public sealed class ReportViewModel(IStringLocalizer<DashboardText> text, IReportStore reports) : DashboardPage(text)
{
    public static readonly string[] Severities = ["Low", "Medium", "High", "Critical"];
    public static readonly string[] Healths = ["attention", "watch", "ok"];

    public FleetReport Report { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (await reports.GetAsync(id, cancellationToken) is not { } report)
        {
            return NotFound();
        }

        Report = report;
        return Page();
    }

    /// <summary>Label and count of each kind the report holds, in a fixed order for the known kinds, then the others.</summary>
    public static IReadOnlyList<(string Key, int Count)> Ordered(IReadOnlyDictionary<string, int> counts, IReadOnlyList<string> order) =>
        [.. order.Where(counts.ContainsKey).Select(k => (k, counts[k])).Concat(counts.Where(c => !order.Contains(c.Key)).Select(c => (c.Key, c.Value)))];

    public IReadOnlyList<(string Key, int Count)> HealthCounts =>
        [.. Healths.Select(h => (h, Report.Fleet.Count(d => d.Health == h)))];

    public string SeverityLabel(string key) => Label("Alerts.Severity." + key, key);

    public string StatusLabel(string key) => Label("Maintenance.Status." + key, key);

    public string DecisionLabel(string key) => Label("Decisions.Outcome." + key, key);

    public string HealthLabel(string key) => Label("Report.Health." + key, key);

    /// <summary>A bar chart's data for site.js (labels already in the reader's language).</summary>
    public static string ChartJson(IEnumerable<(string Label, int Count)> bars, string series, string colour) => JsonSerializer.Serialize(new
    {
        labels = bars.Select(b => b.Label).ToArray(),
        datasets = new[] { new { label = series, data = bars.Select(b => b.Count).ToArray(), backgroundColor = colour } },
    });

    private string Label(string key, string fallback) => Text[key] is { ResourceNotFound: false } l ? l.Value : fallback;
}
