using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Scheduling;

namespace SmartMaintenance.Cloud.Agents.DecisionAudit;

public sealed record DecisionRequest(long OrderId, DecisionKind Decision, string Operator, string Reason);

/// <summary>
/// Agent 10: records a human decision on a maintenance order (append-only) and publishes DecisionRecorded with the
/// order's correlation id, so the decision joins the chain that produced the order.
/// </summary>
public sealed class DecisionService(IDecisionStore decisions, IMaintenanceOrderStore orders, IEventBus bus, TimeProvider time)
{
    /// <summary>Returns the errors (field -> messages) or the stored decision.</summary>
    public async Task<(Decision? Decision, Dictionary<string, string[]> Errors)> RecordAsync(DecisionRequest request,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Operator) || request.Operator.Length > 100)
        {
            errors["operator"] = ["operator is required (at most 100 characters)."];
        }

        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > 2000)
        {
            errors["reason"] = ["reason is required (at most 2000 characters)."];
        }

        if (!Enum.IsDefined(request.Decision) || !Decision.IsOrderDecision(request.Decision))
        {
            errors["decision"] = ["decision must be approve, reject or defer."];
        }

        var order = await orders.GetAsync(request.OrderId, cancellationToken);
        if (order is null)
        {
            errors["order_id"] = [$"maintenance order {request.OrderId} does not exist."];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var now = time.GetUtcNow();
        var decision = await decisions.AppendAsync(new Decision(0, request.OrderId, request.Decision, request.Operator.Trim(),
            request.Reason.Trim(), order!.CorrelationId, now), cancellationToken);
        await bus.PublishAsync(new DecisionRecorded(new EventMeta($"decision:{decision.Id}", order.DeviceId, order.CorrelationId, now),
            decision.Id, decision.OrderId, decision.Kind, decision.Operator, decision.Reason), cancellationToken);
        return (decision, errors);
    }
}
