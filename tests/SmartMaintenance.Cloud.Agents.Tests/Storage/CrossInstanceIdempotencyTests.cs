using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Incidents;
using SmartMaintenance.Cloud.Agents.Learning;
using SmartMaintenance.Cloud.Agents.Storage;
using SmartMaintenance.Cloud.Agents.Tests.Incidents;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Agents.Tests.Storage;

/// <summary>
/// An event redelivered to another instance after a crash (JetStream transport) must not act twice: the effects the
/// handlers write are idempotent in the database itself, not in one process's memory (agent migration 7). "Another
/// instance" here is a second store object on the same database, sharing nothing in memory with the first.
/// </summary>
public sealed class CrossInstanceIdempotencyTests
{
    public static TheoryData<string> Engines => new() { "sqlite", "postgres" };

    private static async Task<AgentHarness> HarnessAsync(string engine) => await AgentHarness.CreateAsync(TimeProvider.System,
        engine == "postgres" ? await PostgresServer.CreateDatabaseAsync("agents_idempotent") : null);

    private static Incident Learnt(string? eventId) =>
        new(0, "vibration", [1, 0.2, 0.1, 0], "bearing noise", "worn bearing", "replaced bearing", DateTimeOffset.UnixEpoch) { SourceEventId = eventId };

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task KnowledgeBaseAdd_SameIncidentResolvedOnTwoInstances_OneEntryBothGetItsId(string engine)
    {
        await using var harness = await HarnessAsync(engine);
        var first = harness.Get<IKnowledgeBase>();
        var second = new DbKnowledgeBase(harness.Get<AgentDatabase>(), TimeProvider.System, Options.Create(new KnowledgeOptions()));

        var id = await first.AddAsync(Learnt("resolved-1"), CancellationToken.None);
        var again = await second.AddAsync(Learnt("resolved-1"), CancellationToken.None);
        var other = await second.AddAsync(Learnt("resolved-2"), CancellationToken.None);
        var manual1 = await first.AddAsync(Learnt(null), CancellationToken.None); // no source event: never merged
        var manual2 = await first.AddAsync(Learnt(null), CancellationToken.None);

        Assert.Equal(id, again);
        Assert.NotEqual(id, other);
        Assert.NotEqual(manual1, manual2);
        Assert.Equal(4, (await first.ListAsync(100, CancellationToken.None)).Count);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task RecordAbnormal_SameObservationAppliedAgain_CountedOnceAndReportsWhatItDidFirst(string engine)
    {
        await using var harness = await HarnessAsync(engine);
        var store = harness.Get<IIncidentStore>();
        var otherInstance = new DbIncidentStore(harness.Get<AgentDatabase>());
        var opening = DbIncidentStoreTests.Observation("m", 0, AnomalySeverity.Medium, opening: true);
        var escalating = DbIncidentStoreTests.Observation("m", 1, AnomalySeverity.High);

        var opened = await store.RecordAbnormalAsync(opening, CancellationToken.None);
        var openedAgain = await otherInstance.RecordAbnormalAsync(opening, CancellationToken.None);
        var escalated = await store.RecordAbnormalAsync(escalating, CancellationToken.None);
        var escalatedAgain = await otherInstance.RecordAbnormalAsync(escalating, CancellationToken.None);
        var next = await otherInstance.RecordAbnormalAsync(DbIncidentStoreTests.Observation("m", 2, AnomalySeverity.High), CancellationToken.None);

        Assert.True(opened!.Created);
        Assert.True(openedAgain!.Created); // so the agent publishes the same AnomalyDetected (same derived id) again
        Assert.Equal(opened.Incident.Id, openedAgain.Incident.Id);
        Assert.True(escalated!.Escalated);
        Assert.True(escalatedAgain!.Escalated);
        Assert.False(escalatedAgain.Created);
        Assert.False(next!.Escalated);
        Assert.Equal(3 * 3, next.Incident.ReadingsInAlert); // three observations of three readings: the repeats not counted
        Assert.Equal(1, next.Incident.Episodes);
        Assert.Equal(AnomalySeverity.High, next.Incident.Severity);
    }
}
