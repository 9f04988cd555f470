using System.Text.Json;
using Microsoft.Extensions.Localization;
using SmartMaintenance.Cloud.Agents.Metrics;
using SmartMaintenance.Cloud.Resources;

namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>Metrics: the agent pipeline's per-agent counts and latencies (the same snapshot as /api/v1/metrics/snapshot).</summary>
public sealed class MetricsModel(IStringLocalizer<DashboardText> text, AgentMetrics metrics, TimeProvider time) : DashboardPage(text)
{
    public MetricsSnapshot Snapshot { get; private set; } = null!;

    public void OnGet() => Snapshot = metrics.Snapshot(time.GetUtcNow());

    public string ChartJson() => JsonSerializer.Serialize(new
    {
        labels = Snapshot.Agents.Select(a => Localization.AgentNames.Label(a.Agent, Text)).ToArray(),
        datasets = new[]
        {
            new { label = Text["Metrics.Handled"].Value, data = Snapshot.Agents.Select(a => (double)a.Handled).ToArray(), backgroundColor = "#0b3d91" },
            new { label = Text["Metrics.Failures"].Value, data = Snapshot.Agents.Select(a => (double)a.Failures).ToArray(), backgroundColor = "#b91c1c" },
        },
    });
}
