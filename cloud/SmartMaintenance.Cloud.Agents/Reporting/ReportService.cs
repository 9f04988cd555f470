using SmartMaintenance.Cloud.Agents.AnomalyDetection;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.DecisionAudit;
using SmartMaintenance.Cloud.Agents.Demo;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Prediction;
using SmartMaintenance.Cloud.Agents.Scheduling;

namespace SmartMaintenance.Cloud.Agents.Reporting;

/// <summary>
/// Agent 8: builds, stores and announces (ReportGenerated) a report over a period. Health per device: "attention" with a
/// High or Critical anomaly or an order, "watch" with other anomalies, else "ok".
/// Demo devices (<see cref="IDemoSite"/>) are left out of the fleet's reports (their anomalies, orders, decisions and
/// predictions); a demo run's own report (the Golden Path's) includes them. A period in which nothing happened (no anomaly, order, decision or prediction) writes no report unless
/// the caller keeps empty periods (the schedule does: its reports are the record that each period was looked at).
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
    IDemoSite demo,
    TimeProvider time)
{
    private const int MaxRows = 100_000;

    /// <summary>The stored report, or null when nothing happened in the period and <paramref name="keepEmpty"/> is false.</summary>
    public async Task<FleetReport?> GenerateAsync(DateTimeOffset from, DateTimeOffset to, string correlationId, string deviceId,
        CancellationToken cancellationToken, bool includeDemo = false, bool keepEmpty = false)
    {
        IReadOnlySet<string> hidden = includeDemo ? new HashSet<string>() : await demo.DeviceIdsAsync(cancellationToken);
        var a = (await anomalies.ListAsync(from, to, MaxRows, cancellationToken)).Where(x => !hidden.Contains(x.DeviceId)).ToList();
        var allOrders = await orders.ListAsync(from, to, null, MaxRows, cancellationToken);
        var o = allOrders.Where(x => !hidden.Contains(x.DeviceId)).ToList();
        var demoOrders = allOrders.Where(x => hidden.Contains(x.DeviceId)).Select(x => x.Id).ToHashSet();
        // A decision names its order, not its device: those on demo orders of the period, or of a demo run's correlation.
        var d = (await decisions.QueryAsync(new DecisionFilter(From: from, To: to, Limit: MaxRows), cancellationToken))
            .Where(x => includeDemo || (!demoOrders.Contains(x.OrderId) && !IsDemoCorrelation(x.CorrelationId))).ToList();
        var p = await predictions.StatsAsync(from, to, (device, correlation) => includeDemo || (!hidden.Contains(device) && !IsDemoCorrelation(correlation)),
            cancellationToken);
        if (!keepEmpty && a.Count == 0 && o.Count == 0 && d.Count == 0 && p.Count == 0)
        {
            return null;
        }

        var known = (await devices.ListDeviceIdsAsync(cancellationToken)).Where(x => !hidden.Contains(x)).ToList();
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

    /// <summary>Correlation ids of demo runs: the simulator's ("sim-...") and the Golden Path's ("golden-path:...").</summary>
    public static bool IsDemoCorrelation(string correlationId) =>
        correlationId.StartsWith("sim-", StringComparison.Ordinal) || correlationId.StartsWith("golden-path:", StringComparison.Ordinal);
}
