using SmartMaintenance.Cloud.Agents.AnomalyDetection;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.DriftDetection;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Learning;
using SmartMaintenance.Cloud.Agents.Notification;
using SmartMaintenance.Cloud.Agents.Orchestration;
using SmartMaintenance.Cloud.Agents.Prediction;
using SmartMaintenance.Cloud.Agents.Scheduling;
using SmartMaintenance.Cloud.Agents.Validation;

namespace SmartMaintenance.Cloud.Agents.Pipeline;

/// <summary>
/// The whole chain, in data-flow order: event -> agent (-> the events it publishes).
/// Started outside the bus: DataAcquisitionAgent (store -> ReadingReceived), DecisionService (API -> DecisionRecorded),
/// ReportService (API, schedule, Golden Path -> ReportGenerated), the knowledge-base API (-> IncidentResolved).
/// The metrics collector (AgentMetrics) sits inside the bus and sees every delivery.
/// An edge is delivered one event at a time (Ordering.Total) unless marked Ordering.PerSensor: then
/// Cloud:Agents:Bus:Partitions consumers share it, each sensor's events staying on one of them, in order
/// (the agent must be safe for concurrent calls on different sensors; see IEventTransport); Ordering.PerDevice likewise,
/// with all of a device's sensors on one consumer (the anomaly agent judges a machine's sensors together).
/// </summary>
public static class AgentPipeline
{
    public static PipelineDefinition Define() => new PipelineDefinition()
        .On<ReadingReceived, ValidationAgent>(Ordering.PerSensor)        // -> ReadingValidated | ReadingRejected
        .On<ReadingValidated, AnomalyDetectionAgent>(Ordering.PerDevice) // -> machine incident; AnomalyDetected per incident (opening, escalation)
        .On<ReadingValidated, DriftDetectionAgent>(Ordering.PerSensor)   // -> DriftDetected (+ retrain request to ML)
        .On<ReadingValidated, PredictionAgent>()                         // -> FailurePredicted (periodic, per machine)
        .On<AnomalyDetected, PredictionAgent>()                          // -> FailurePredicted
        .On<FailurePredicted, SchedulingAgent>()                         // -> MaintenanceScheduled (order stored)
        .On<MaintenanceScheduled, NotificationAgent>()                   // -> NotificationSent (webhook, e-mail, dashboard)
        .On<AnomalyDetected, NotificationAgent>()                        // -> NotificationSent (High and Critical)
        .On<DriftDetected, NotificationAgent>()                          // -> NotificationSent
        .On<ReadingRejected, NotificationAgent>()                        // -> NotificationSent (rule "stuck" only)
        .On<IncidentResolved, LearningAgent>()                           // -> knowledge-base entry
        // The Golden Path follows its own correlation id through the same events:
        .On<ReadingValidated, GoldenPathTracker>()
        .On<ReadingRejected, GoldenPathTracker>()
        .On<AnomalyDetected, GoldenPathTracker>()
        .On<FailurePredicted, GoldenPathTracker>()
        .On<MaintenanceScheduled, GoldenPathTracker>()                   // -> DecisionRecorded when auto_decide
        .On<DecisionRecorded, GoldenPathTracker>()                       // -> ReportGenerated
        .On<ReportGenerated, GoldenPathTracker>();
}
