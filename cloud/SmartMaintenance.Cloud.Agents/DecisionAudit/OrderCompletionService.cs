using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Scheduling;

namespace SmartMaintenance.Cloud.Agents.DecisionAudit;

/// <summary>A technician marks an order done, optionally with what was found or done (the finding).</summary>
public sealed record CompletionRequest(long OrderId, string Operator, string? Finding);

/// <summary>
/// Finishing a maintenance order: In progress -> Done with the technician's finding stored on the order, and one
/// Complete line in the append-only decision log (its reason is the finding, empty when none was written), so the
/// order's history reads approve, ..., completed with what was found. The state change is a compare-and-set and
/// the log line is written only when it succeeded: two people pressing at once give one Complete.
/// </summary>
public sealed class OrderCompletionService(IMaintenanceOrderStore orders, IDecisionStore decisions, TimeProvider time)
{
    /// <summary>The longest finding kept (a few paragraphs; longer text belongs in a report, not on an order).</summary>
    public const int MaxFindingLength = 2000;

    public const int MaxOperatorLength = 100;

    /// <summary>The finding as stored (trimmed, line breaks as \n; null when blank), or an error key for the field ("length", "control").</summary>
    public static (string? Finding, string? Error) NormalizeFinding(string? finding)
    {
        if (string.IsNullOrWhiteSpace(finding))
        {
            return (null, null);
        }

        // A browser sends a textarea's line breaks as CRLF: stored as \n, so the text reads the same from any client.
        var trimmed = finding.Trim().ReplaceLineEndings("\n");
        if (trimmed.Length > MaxFindingLength)
        {
            return (null, "length");
        }

        // Line breaks and tabs are how people write; any other control character is not text (and would end up in CSV and e-mail).
        return trimmed.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')) ? (null, "control") : (trimmed, null);
    }

    public async Task<CompletionResult> CompleteAsync(CompletionRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Operator) || request.Operator.Trim().Length > MaxOperatorLength)
        {
            errors["operator"] = [$"operator is required (at most {MaxOperatorLength} characters)."];
        }

        var (finding, findingError) = NormalizeFinding(request.Finding);
        if (findingError == "length")
        {
            errors["finding"] = [$"finding is at most {MaxFindingLength} characters."];
        }
        else if (findingError is not null)
        {
            errors["finding"] = ["finding may hold line breaks and tabs but no other control characters."];
        }

        if (errors.Count > 0)
        {
            return new CompletionResult(CompletionOutcome.Invalid, null, errors);
        }

        if (await orders.GetAsync(request.OrderId, cancellationToken) is not { } order)
        {
            return new CompletionResult(CompletionOutcome.NotFound, null, errors);
        }

        if (!await orders.CompleteAsync(order.Id, finding, cancellationToken))
        {
            return new CompletionResult(CompletionOutcome.NotInProgress, null, errors);
        }

        var decision = await decisions.AppendAsync(new Decision(0, order.Id, DecisionKind.Complete, request.Operator.Trim(), finding ?? "",
            order.CorrelationId, time.GetUtcNow()), cancellationToken);
        return new CompletionResult(CompletionOutcome.Completed, decision, errors);
    }
}
