using SmartMaintenance.Cloud.Agents.AnomalyDetection;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.DecisionAudit;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Prediction;
using SmartMaintenance.Cloud.Agents.Scheduling;

namespace SmartMaintenance.Cloud.Agents.Reporting;

/// <summary>
/// Agent 8: builds, stores and announces (ReportGenerated) a report over a period. Health per device: "attention" with a
/// High or Critical anomaly or an order, "watch" with other anomalies, else "ok".
/// </summary>
public sealed class ReportService(
    IAnomalyStore anomalies,
    IMaintenanceOrderStore orders,
    IDecisionStore decisions,
    IPredictionStore predictions,
    IReportStore reports,
    IDeviceDirectory devices,
    IProductionModelInfo model,
    IEventBus bus,
    TimeProvider time)
{
    private const int MaxRows = 100_000;

    public async Task<FleetReport> GenerateAsync(DateTimeOffset from, DateTimeOffset to, string correlationId, string deviceId,
        CancellationToken cancellationToken)
    {
        var a = await anomalies.ListAsync(from, to, MaxRows, cancellationToken);
        var o = await orders.ListAsync(from, to, null, MaxRows, cancellationToken);
        var d = await decisions.QueryAsync(new DecisionFilter(From: from, To: to, Limit: MaxRows), cancellationToken);
        var p = await predictions.StatsAsync(from, to, cancellationToken);
        var known = await devices.ListDeviceIdsAsync(cancellationToken);
        var production = await model.GetAsync(cancellationToken);
        var fleet = known.Concat(a.Select(x => x.DeviceId)).Concat(o.Select(x => x.DeviceId)).Distinct().Order(StringComparer.Ordinal)
            .Select(device =>
            {
                var deviceAnomalies = a.Where(x => x.DeviceId == device).ToList();
                var high = deviceAnomalies.Count(x => x.Severity >= AnomalySeverity.High);
                var deviceOrders = o.Count(x => x.DeviceId == device);
                var health = high > 0 || deviceOrders > 0 ? "attention" : deviceAnomalies.Count > 0 ? "watch" : "ok";
                return new DeviceHealth(device, deviceAnomalies.Count, high, deviceOrders, health);
            })
            .ToList();
        var now = time.GetUtcNow();
        var report = new FleetReport(0, correlationId, from, to, now, fleet,
            a.GroupBy(x => x.Severity.ToString()).ToDictionary(g => g.Key, g => g.Count()),
            o.GroupBy(x => x.Status.ToString()).ToDictionary(g => g.Key, g => g.Count()),
            d.GroupBy(x => x.Kind.ToString()).ToDictionary(g => g.Key, g => g.Count()),
            p, production);
        report = report with { Id = await reports.AddAsync(report, cancellationToken) };
        await bus.PublishAsync(new ReportGenerated(new EventMeta($"report:{report.Id}", deviceId, correlationId, now),
            report.Id, from, to), cancellationToken);
        return report;
    }
}
