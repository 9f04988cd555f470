using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Orchestration;

/// <summary>
/// Every detail a Golden Path stage can show, one method each: the code and arguments the dashboard renders in
/// the reader's language, and the English sentence the API keeps (StageView.Detail). The codes are a contract
/// with the dashboard's resources ("AgentText." + code): add one, add its resource in both languages.
/// </summary>
public static class StageDetails
{
    public const string Ingested = "golden-path.ingested";
    public const string Validated = "golden-path.validated";
    public const string AnomalyFound = "golden-path.anomaly";
    public const string Predicted = "golden-path.predicted";
    public const string Scheduled = "golden-path.scheduled";
    public const string Unscheduled = "golden-path.unscheduled";
    public const string Decided = "golden-path.decided";
    public const string Reported = "golden-path.reported";
    public const string NoDecision = "golden-path.timeout.decision";
    public const string StageTimedOut = "golden-path.timeout.stage";

    public static readonly string[] Codes =
        [Ingested, Validated, AnomalyFound, Predicted, Scheduled, Unscheduled, Decided, Reported, NoDecision, StageTimedOut];

    public static AgentText Ingestion(int total, int baseline, int events) =>
        AgentText.Create(Ingested, "{0} readings stored ({1} baseline + {2} events, the last a spike)", total, baseline, events);

    public static AgentText Validation(int total) => AgentText.Create(Validated, "{0} readings validated", total);

    public static AgentText Anomaly(AnomalySeverity severity, double score, int similarCases) =>
        AgentText.Create(AnomalyFound, "{0} anomaly, score {1:F2}, {2} similar cases", severity, score, similarCases);

    /// <summary>The risk and the prediction agent's basis (its own "; "-separated sentences, localized as they are).</summary>
    public static AgentText Prediction(double risk, string basis) => AgentText.Create(Predicted, "risk {0:F2}; {1}", risk, basis);

    public static AgentText Scheduling(long orderId, MaintenanceStatus status, string? technician, DateTimeOffset? start, string note) =>
        AgentText.Create(status == MaintenanceStatus.Scheduled ? Scheduled : Unscheduled, "order {0} {1}: {2} {3:O} ({4})",
            orderId, status, technician, start, note);

    public static AgentText Decision(DecisionKind decision, string decidedBy, string reason) =>
        AgentText.Create(Decided, "{0} by {1}: {2}", decision, decidedBy, reason);

    public static AgentText Report(long reportId) => AgentText.Create(Reported, "report {0}", reportId);

    public static AgentText DecisionTimeout(long? orderId, TimeSpan timeout) =>
        AgentText.Create(NoDecision, "no decision on order {0} within {1:G} s (POST /api/v1/decisions, or run with auto_decide)",
            orderId, timeout.TotalSeconds);

    public static AgentText StageTimeout(string? stage, TimeSpan timeout) =>
        AgentText.Create(StageTimedOut, "stage '{0}' did not finish within {1:G} s", stage, timeout.TotalSeconds);
}
