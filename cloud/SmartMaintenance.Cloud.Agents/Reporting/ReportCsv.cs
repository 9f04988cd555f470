using System.Globalization;
using System.Text;
using SmartMaintenance.Cloud.Agents.DecisionAudit;

namespace SmartMaintenance.Cloud.Agents.Reporting;

/// <summary>A report as one CSV table: section, key, metric, value.</summary>
public static class ReportCsv
{
    public static string Write(FleetReport r)
    {
        var csv = new StringBuilder("section,key,metric,value\r\n");
        void Row(string section, string key, string metric, object value) => csv.Append(CultureInfo.InvariantCulture,
            $"{section},{DecisionCsv.Quote(key)},{metric},{Convert.ToString(value, CultureInfo.InvariantCulture)}\r\n");
        Row("period", "from", "utc", r.From.ToString("O"));
        Row("period", "to", "utc", r.To.ToString("O"));
        foreach (var d in r.Fleet)
        {
            Row("fleet", d.DeviceId, "anomalies", d.Anomalies);
            Row("fleet", d.DeviceId, "high_or_critical", d.HighOrCritical);
            Row("fleet", d.DeviceId, "orders", d.Orders);
            Row("fleet", d.DeviceId, "health", d.Health);
        }

        foreach (var (k, v) in r.AnomaliesBySeverity) Row("anomalies", k, "count", v);
        foreach (var (k, v) in r.OrdersByStatus) Row("orders", k, "count", v);
        foreach (var (k, v) in r.DecisionsByKind) Row("decisions", k, "count", v);
        Row("model", "predictions", "count", r.Predictions.Count);
        Row("model", "predictions", "with_model", r.Predictions.WithModel);
        Row("model", "predictions", "mean_risk", r.Predictions.MeanRisk);
        Row("model", "versions", "list", string.Join(' ', r.Predictions.ModelVersions));
        if (r.ProductionModel is { } m)
        {
            Row("model", "production", "name", m.Name);
            Row("model", "production", "version", m.Version);
            Row("model", "production", "registered_at", m.RegisteredAt.ToString("O"));
            foreach (var (metric, value) in m.Metrics) Row("model", "production", metric, value);
        }
        else
        {
            Row("model", "production", "version", "none");
        }
        return csv.ToString();
    }
}
