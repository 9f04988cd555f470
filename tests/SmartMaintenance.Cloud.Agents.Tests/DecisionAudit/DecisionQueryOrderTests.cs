using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Agents.DecisionAudit;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Agents.Tests.DecisionAudit;

/// <summary>
/// Both decision logs read oldest first by default (the API's order) or their newest lines first (the dashboard's list:
/// with a limit, the oldest-first read never showed a decision past the limit); request decisions filter by decision.
/// </summary>
public sealed class DecisionQueryOrderTests
{
    public static TheoryData<string> Engines => new() { "sqlite", "postgres" };

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Query_NewestFirstWithLimit_TheNewestLines(string engine)
    {
        var postgres = engine == "postgres" ? await PostgresServer.CreateDatabaseAsync("agents_decision_order") : null;
        var at = new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
        await using var harness = await AgentHarness.CreateAsync(new FakeTimeProvider(at), postgres);
        var orders = harness.Get<IDecisionStore>();
        var requests = harness.Get<IRequestDecisionStore>();
        foreach (var (i, kind) in new[] { (1, DecisionKind.Approve), (2, DecisionKind.Reject), (3, DecisionKind.Approve) })
        {
            await orders.AppendAsync(new Decision(0, 40 + i, kind, "maria", "reason " + i, "corr-" + i, at.AddMinutes(i)), CancellationToken.None);
            await requests.AppendAsync(new RequestDecision(0, "REQ_" + i, kind, "joana", "reason " + i, "request:REQ_" + i, at.AddMinutes(i)),
                CancellationToken.None);
        }

        var oldest = await orders.QueryAsync(new DecisionFilter(Limit: 2), CancellationToken.None);
        var newest = await orders.QueryAsync(new DecisionFilter(Limit: 2, NewestFirst: true), CancellationToken.None);
        var newestRequests = await requests.QueryAsync(new RequestDecisionFilter(Limit: 2, NewestFirst: true), CancellationToken.None);
        var approvedRequests = await requests.QueryAsync(new RequestDecisionFilter(Kind: DecisionKind.Approve), CancellationToken.None);

        Assert.Equal([41L, 42L], oldest.Select(d => d.OrderId));
        Assert.Equal([43L, 42L], newest.Select(d => d.OrderId));
        Assert.Equal(["REQ_3", "REQ_2"], newestRequests.Select(d => d.RequestId));
        Assert.Equal(["REQ_1", "REQ_3"], approvedRequests.Select(d => d.RequestId));
    }
}
