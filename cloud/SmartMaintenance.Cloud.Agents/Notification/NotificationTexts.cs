using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Notification;

/// <summary>
/// The titles and bodies the notification agent sends, one method each: the English the channels (webhook, e-mail,
/// the notification log) carry, and the code and arguments the dashboard's Overview renders in the reader's
/// language. The codes are a contract with the dashboard's resources ("AgentText." + code).
/// </summary>
public static class NotificationTexts
{
    public const string ScheduledTitle = "notification.maintenance.scheduled.title";
    public const string UnscheduledTitle = "notification.maintenance.unscheduled.title";
    public const string ScheduledBody = "notification.maintenance.scheduled.body";
    public const string UnscheduledBody = "notification.maintenance.unscheduled.body";
    public const string AnomalyTitle = "notification.anomaly.title";
    public const string AnomalyBody = "notification.anomaly.body";
    public const string AnomalyBodySimilar = "notification.anomaly.body-similar";
    public const string DriftTitle = "notification.drift.title";
    public const string DriftBodyRetrain = "notification.drift.body.retrain";
    public const string DriftBodyConsider = "notification.drift.body.consider";
    public const string StuckTitle = "notification.stuck.title";
    public const string StuckBodyDevice = "notification.stuck.body.device";
    public const string StuckBodyCloud = "notification.stuck.body.cloud";

    public static readonly string[] Codes =
    [
        ScheduledTitle, UnscheduledTitle, ScheduledBody, UnscheduledBody, AnomalyTitle, AnomalyBody, AnomalyBodySimilar,
        DriftTitle, DriftBodyRetrain, DriftBodyConsider, StuckTitle, StuckBodyDevice, StuckBodyCloud,
    ];

    public static NotificationMessage Maintenance(MaintenanceScheduled e)
    {
        var scheduled = e.Status == MaintenanceStatus.Scheduled;
        var title = scheduled
            ? AgentText.Create(ScheduledTitle, "Maintenance order {0} ({1}) scheduled for {2}", e.OrderId, e.Priority, e.DeviceId)
            : AgentText.Create(UnscheduledTitle, "Maintenance order {0} ({1}) for {2} is UNSCHEDULED", e.OrderId, e.Priority, e.DeviceId);
        var body = scheduled
            ? AgentText.Create(ScheduledBody, "Sensor {0}: {1}, {2:yyyy-MM-dd HH:mm}–{3:HH:mm} UTC ({4}).", e.SensorId, e.Technician, e.Start, e.End, e.Note)
            : AgentText.Create(UnscheduledBody, "Sensor {0}: {1}.", e.SensorId, e.Note);
        return Message("maintenance", e, title, body);
    }

    public static NotificationMessage Anomaly(AnomalyDetected e)
    {
        var r = e.Reading;
        var body = e.SimilarCases.Count == 0
            ? AgentText.Create(AnomalyBody, "{0} {1} at {2:O}, score {3:F2}; no similar past case.", r.Value, r.Unit, r.Timestamp, e.Score)
            : AgentText.Create(AnomalyBodySimilar, "{0} {1} at {2:O}, score {3:F2}; similar past case: {4} — fix: {5}.",
                r.Value, r.Unit, r.Timestamp, e.Score, e.SimilarCases[0].Cause, e.SimilarCases[0].Fix);
        return Message("anomaly", e, AgentText.Create(AnomalyTitle, "{0} anomaly on {1}/{2}", e.Severity, e.DeviceId, r.SensorId), body);
    }

    public static NotificationMessage Drift(DriftDetected e) => Message("drift", e,
        AgentText.Create(DriftTitle, "Drift on {0}/{1}", e.DeviceId, e.SensorId),
        e.RetrainRequested
            ? AgentText.Create(DriftBodyRetrain, "KS D={0:F3} (p={1:G3}), PSI={2:F3}; retraining requested.", e.KsStatistic, e.PValue, e.Psi)
            : AgentText.Create(DriftBodyConsider, "KS D={0:F3} (p={1:G3}), PSI={2:F3}; retraining to be considered.", e.KsStatistic, e.PValue, e.Psi));

    /// <summary>A sensor found stuck (ReadingRejected, rule "stuck"): by its device's filter or by the cloud's own run check.</summary>
    public static NotificationMessage Stuck(ReadingRejected e)
    {
        var r = e.Reading;
        var body = r.Stuck == true
            ? AgentText.Create(StuckBodyDevice, "The device reports it stuck at {0} {1} since {2:O}: check the sensor and its wiring.", r.Value, r.Unit, r.Timestamp)
            : AgentText.Create(StuckBodyCloud, "Its readings have not changed ({0} {1}, last at {2:O}): check the sensor and its wiring.", r.Value, r.Unit, r.Timestamp);
        return Message("sensor-stuck", e, AgentText.Create(StuckTitle, "Sensor {0}/{1} is stuck", e.DeviceId, r.SensorId), body);
    }

    private static NotificationMessage Message(string kind, AgentEvent e, AgentText title, AgentText body) =>
        new(kind, e.DeviceId, e.CorrelationId, title.English, body.English, title, body);
}
