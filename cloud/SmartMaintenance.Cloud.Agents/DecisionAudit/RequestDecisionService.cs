using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.DecisionAudit;

public sealed record RequestDecisionRequest(string RequestId, DecisionKind Decision, string Operator, string Reason);

/// <summary>
/// Records a decision on a free request id (append-only). No event is published: the pipeline's events follow an
/// order's correlation id, and a free request has none; the decision's own correlation id is "request:{request_id}".
/// </summary>
public sealed class RequestDecisionService(IRequestDecisionStore decisions, TimeProvider time)
{
    public const int MaxRequestIdLength = 200;

    /// <summary>Returns the errors (field -> messages) or the stored decision.</summary>
    public async Task<(RequestDecision? Decision, Dictionary<string, string[]> Errors)> RecordAsync(RequestDecisionRequest request,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.RequestId) || request.RequestId.Length > MaxRequestIdLength
            || request.RequestId.Any(char.IsControl))
        {
            errors["request_id"] = [$"request_id is required (at most {MaxRequestIdLength} characters, no control characters)."];
        }

        if (string.IsNullOrWhiteSpace(request.Operator) || request.Operator.Length > 100 || request.Operator.Any(char.IsControl))
        {
            errors["operator"] = ["operator is required (at most 100 characters, no control characters)."];
        }

        if (request.Reason.Length > 2000)
        {
            errors["reason"] = ["reason (justification) is at most 2000 characters."];
        }

        if (!Enum.IsDefined(request.Decision))
        {
            errors["decision"] = ["decision must be approve, reject or defer."];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var requestId = request.RequestId.Trim();
        var decision = await decisions.AppendAsync(new RequestDecision(0, requestId, request.Decision, request.Operator.Trim(),
            request.Reason.Trim(), $"request:{requestId}", time.GetUtcNow()), cancellationToken);
        return (decision, errors);
    }
}
