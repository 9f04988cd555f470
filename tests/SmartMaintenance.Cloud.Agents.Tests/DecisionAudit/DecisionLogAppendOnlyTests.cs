using System.Data.Common;
using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Agents.DecisionAudit;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Storage;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Agents.Tests.DecisionAudit;

public sealed class DecisionLogAppendOnlyTests
{
    public static TheoryData<string> Engines => new() { "sqlite", "postgres" };

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task UpdateOrDelete_OnDecisionTable_RefusedByStorage(string engine)
    {
        var postgres = engine == "postgres" ? await PostgresServer.CreateDatabaseAsync("agents_decisions") : null;
        await using var harness = await AgentHarness.CreateAsync(new FakeTimeProvider(DateTimeOffset.UtcNow), postgres);
        var store = harness.Get<IDecisionStore>();
        var decision = await store.AppendAsync(new Decision(0, 42, DecisionKind.Approve, "maria", "bearing noise confirmed", "corr-1",
            DateTimeOffset.UtcNow), CancellationToken.None);

        await using var connection = await harness.Get<AgentDatabase>().OpenAsync(CancellationToken.None);
        foreach (var sql in new[] { "UPDATE agent_decisions SET reason = 'changed'", "DELETE FROM agent_decisions" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var error = await Assert.ThrowsAnyAsync<DbException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", error.Message);
        }

        var stored = Assert.Single(await store.QueryAsync(new DecisionFilter(OrderId: 42), CancellationToken.None));
        Assert.Equal(decision.Id, stored.Id);
        Assert.Equal("bearing noise confirmed", stored.Reason);
    }
}
