using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.DecisionAudit;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Reporting;

namespace SmartMaintenance.Cloud.Agents.Orchestration;

/// <summary>
/// Follows a Golden Path run through the pipeline by correlation id and drives the two stages that need an
/// actor: the decision (automatic when asked) and the report. Events of other correlations are ignored.
/// </summary>
public sealed class GoldenPathTracker(GoldenPathOrchestrator orchestrator, DecisionService decisions, ReportService reports, TimeProvider time)
    : IEventHandler<ReadingValidated>, IEventHandler<ReadingRejected>, IEventHandler<AnomalyDetected>,
      IEventHandler<FailurePredicted>, IEventHandler<MaintenanceScheduled>, IEventHandler<DecisionRecorded>,
      IEventHandler<ReportGenerated>
{
    /// <summary>Who decides an unattended run, and why (the Decision Log shows this reason in the reader's language).</summary>
    public const string AutoOperator = "golden-path-auto";

    public const string AutoReason = "automatic decision of an unattended Golden Path demo";

    public Task HandleAsync(ReadingValidated e, CancellationToken cancellationToken) => CountValidation(e);

    public Task HandleAsync(ReadingRejected e, CancellationToken cancellationToken) => CountValidation(e);

    public Task HandleAsync(AnomalyDetected e, CancellationToken cancellationToken) =>
        On(e, "anomaly-detection", StageDetails.Anomaly(e.Severity, e.Score, e.SimilarCases.Count));

    /// <summary>
    /// Only the prediction made for the run's anomaly completes the stage: a periodic prediction of the same
    /// correlation can arrive first (other consumer) and carries no anomaly, so it never leads to an order.
    /// </summary>
    public Task HandleAsync(FailurePredicted e, CancellationToken cancellationToken) =>
        e.EventId.EndsWith("/periodic", StringComparison.Ordinal)
            ? Task.CompletedTask
            : On(e, "prediction", StageDetails.Prediction(e.Risk, e.Basis));

    public async Task HandleAsync(MaintenanceScheduled e, CancellationToken cancellationToken)
    {
        if (orchestrator.FindByCorrelation(e.CorrelationId) is not { } run)
        {
            return;
        }

        orchestrator.Advance(run, "scheduling", StageDetails.Scheduling(e.OrderId, e.Status, e.Technician, e.Start, e.Note), orderId: e.OrderId);
        if (run.AutoDecide)
        {
            await decisions.RecordAsync(new DecisionRequest(e.OrderId, DecisionKind.Approve, AutoOperator, AutoReason), cancellationToken);
        }
    }

    public async Task HandleAsync(DecisionRecorded e, CancellationToken cancellationToken)
    {
        if (orchestrator.FindByCorrelation(e.CorrelationId) is not { } run || run.OrderId != e.OrderId)
        {
            return;
        }

        orchestrator.Advance(run, "decision", StageDetails.Decision(e.Decision, e.Operator, e.Reason));
        // The run's own report: its demo device included (the fleet's reports leave demo devices out).
        await reports.GenerateAsync(run.StartedAt, time.GetUtcNow().AddMilliseconds(1), run.CorrelationId, run.DeviceId, cancellationToken,
            includeDemo: true);
    }

    public Task HandleAsync(ReportGenerated e, CancellationToken cancellationToken) =>
        On(e, "report", StageDetails.Report(e.ReportId), reportId: e.ReportId);

    private Task CountValidation(AgentEvent e)
    {
        if (orchestrator.FindByCorrelation(e.CorrelationId) is { } run &&
            Interlocked.Increment(ref run.Validated) == run.TotalReadings)
        {
            orchestrator.Advance(run, "validation", StageDetails.Validation(run.TotalReadings));
        }

        return Task.CompletedTask;
    }

    private Task On(AgentEvent e, string stage, AgentText detail, long? reportId = null)
    {
        if (orchestrator.FindByCorrelation(e.CorrelationId) is { } run)
        {
            orchestrator.Advance(run, stage, detail, reportId: reportId);
        }

        return Task.CompletedTask;
    }
}
