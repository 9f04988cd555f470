namespace SmartMaintenance.Cloud.Agents.DecisionAudit;

/// <summary>How a completion ended: Completed (with the log entry), or why not (errors by field, unknown order, wrong state).</summary>
public enum CompletionOutcome { Completed, Invalid, NotFound, NotInProgress }

/// <summary>What <see cref="OrderCompletionService.CompleteAsync"/> did: the outcome, the decision log's Complete line, the errors by field.</summary>
public sealed record CompletionResult(CompletionOutcome Outcome, Decision? Decision, Dictionary<string, string[]> Errors);
