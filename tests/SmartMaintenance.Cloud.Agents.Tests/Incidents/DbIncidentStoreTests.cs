using SmartMaintenance.Cloud.Agents.DecisionAudit;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Incidents;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Agents.Tests.Incidents;

/// <summary>The incident store on both engines: one unresolved incident per machine, the lifecycle's allowed steps, keyset paging.</summary>
public sealed class DbIncidentStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Engines => new() { "sqlite", "postgres" };

    private static async Task<AgentHarness> HarnessAsync(string engine) => await AgentHarness.CreateAsync(TimeProvider.System,
        engine == "postgres" ? await PostgresServer.CreateDatabaseAsync("agents_incidents") : null);

    internal static AbnormalObservation Observation(string machine, int second, AnomalySeverity severity = AnomalySeverity.Medium,
        double p = 1e-4, bool opening = false, bool abnormal = true, string topSensor = "temp") =>
        new($"evt-{machine}-{second}-{opening}", machine, machine, $"corr-{machine}", T0.AddSeconds(second), severity, p,
            [new SensorEvidence(topSensor, "temperature", "K", 352.5, 310.2, 8.4, 0.7), new SensorEvidence("rpm", "rotational_speed", "rpm", 1500, 1480, 1.1, 0.2)],
            3, opening, abnormal, T0.AddSeconds(second));

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task RecordAbnormal_OpeningThenMoreAbnormalRowsAndASecondRun_OneIncidentPerMachineWithEvidence(string engine)
    {
        await using var harness = await HarnessAsync(engine);
        var store = harness.Get<IIncidentStore>();

        var opened = await store.RecordAbnormalAsync(Observation("press-1", 0, opening: true), CancellationToken.None);
        var inside = await store.RecordAbnormalAsync(Observation("press-1", 1, p: 1e-6), CancellationToken.None);
        var quiet = await store.RecordAbnormalAsync(Observation("press-1", 2, p: 0.5, abnormal: false), CancellationToken.None);
        await store.MarkRecoveredAsync("press-1", T0.AddSeconds(30), CancellationToken.None);
        var recovered = await store.GetAsync(opened!.Incident.Id, CancellationToken.None);
        var again = await store.RecordAbnormalAsync(Observation("press-1", 60, opening: true), CancellationToken.None);

        Assert.True(opened.Created);
        Assert.False(inside!.Created);
        Assert.Equal(opened.Incident.Id, again!.Incident.Id); // unresolved: the second run joins it
        Assert.False(again.Created);
        Assert.Equal(T0.AddSeconds(30), recovered!.RecoveredAt);
        var incident = again.Incident;
        Assert.Equal(IncidentState.Open, incident.State);
        Assert.Null(incident.RecoveredAt);
        Assert.Equal(2, incident.Episodes);
        Assert.Equal(12, incident.ReadingsInAlert); // four observations of three readings
        Assert.Equal(1e-6, incident.PValue); // the strongest verdict's
        Assert.Equal(T0, incident.FirstAbnormalAt);
        Assert.Equal(T0.AddSeconds(60), incident.LastAbnormalAt);
        Assert.Equal("temp", incident.Top!.SensorId);
        Assert.Equal("K", incident.Top.Unit);
        Assert.Equal(352.5, incident.Top.Value);
        Assert.Equal(1, await store.CountUnresolvedAsync(CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task RecordAbnormal_HigherSeverity_EscalatedOnceAndKept(string engine)
    {
        await using var harness = await HarnessAsync(engine);
        var store = harness.Get<IIncidentStore>();

        await store.RecordAbnormalAsync(Observation("m", 0, AnomalySeverity.Medium, opening: true), CancellationToken.None);
        var up = await store.RecordAbnormalAsync(Observation("m", 1, AnomalySeverity.High), CancellationToken.None);
        var same = await store.RecordAbnormalAsync(Observation("m", 2, AnomalySeverity.High), CancellationToken.None);
        var lower = await store.RecordAbnormalAsync(Observation("m", 3, AnomalySeverity.Low), CancellationToken.None);

        Assert.True(up!.Escalated);
        Assert.False(same!.Escalated);
        Assert.False(lower!.Escalated);
        Assert.Equal(AnomalySeverity.High, lower.Incident.Severity);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task AcknowledgeResolve_AllowedOnlyFromTheLifecycleStates_EachStepInTheDecisionLog(string engine)
    {
        await using var harness = await HarnessAsync(engine);
        var store = harness.Get<IIncidentStore>();
        var id = (await store.RecordAbnormalAsync(Observation("m", 0, opening: true), CancellationToken.None))!.Incident.Id;

        var ack = await store.AcknowledgeAsync(id, "maria", null, T0.AddMinutes(1), CancellationToken.None);
        var ackAgain = await store.AcknowledgeAsync(id, "joao", null, T0.AddMinutes(2), CancellationToken.None);
        var resolve = await store.ResolveAsync(id, "maria", ResolutionReason.MaintenanceDone, "replaced the bearing", T0.AddMinutes(3), CancellationToken.None);
        var resolveAgain = await store.ResolveAsync(id, "joao", ResolutionReason.FalseAlarm, null, T0.AddMinutes(4), CancellationToken.None);
        var ackResolved = await store.AcknowledgeAsync(id, "joao", null, T0.AddMinutes(5), CancellationToken.None);
        var missing = await store.AcknowledgeAsync(id + 100, "joao", null, T0.AddMinutes(5), CancellationToken.None);

        Assert.Equal(TransitionOutcome.Done, ack.Outcome);
        Assert.Equal(IncidentState.Acknowledged, ack.Incident!.State);
        Assert.Equal("maria", ack.Incident.AcknowledgedBy);
        Assert.Equal(TransitionOutcome.Conflict, ackAgain.Outcome);
        Assert.Equal(IncidentState.Acknowledged, ackAgain.Incident!.State);
        Assert.Equal(TransitionOutcome.Done, resolve.Outcome);
        Assert.Equal(ResolutionReason.MaintenanceDone, resolve.Incident!.Resolution);
        Assert.Equal("replaced the bearing", resolve.Incident.ResolutionNote);
        Assert.Equal(T0.AddMinutes(3), resolve.Incident.ResolvedAt);
        Assert.Equal(TransitionOutcome.Conflict, resolveAgain.Outcome);
        Assert.Equal(TransitionOutcome.Conflict, ackResolved.Outcome);
        Assert.Equal(TransitionOutcome.NotFound, missing.Outcome);

        var log = await harness.Get<IDecisionStore>().QueryAsync(new DecisionFilter(IncidentId: id), CancellationToken.None);
        Assert.Equal([DecisionKind.Acknowledge, DecisionKind.Resolve], log.Select(d => d.Kind));
        Assert.Equal("maintenance-done: replaced the bearing", log[1].Reason);
        Assert.All(log, d => Assert.Equal(0, d.OrderId));
        Assert.Equal([ack.DecisionId, resolve.DecisionId], log.Select(d => (long?)d.Id));
        Assert.Equal(0, await store.CountUnresolvedAsync(CancellationToken.None));

        // Resolved: the machine's next abnormal run is a new incident.
        var next = await store.RecordAbnormalAsync(Observation("m", 600, opening: true), CancellationToken.None);
        Assert.True(next!.Created);
        Assert.NotEqual(id, next.Incident.Id);
        // ...and a step inside the resolved run (before the agent reset its rule) opens nothing.
        await store.ResolveAsync(next.Incident.Id, "maria", ResolutionReason.NoFault, null, T0.AddMinutes(20), CancellationToken.None);
        Assert.Null(await store.RecordAbnormalAsync(Observation("m", 1300), CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task List_FiltersAndKeysetPages_NewestFirstNoneSkippedOrRepeated(string engine)
    {
        await using var harness = await HarnessAsync(engine);
        var store = harness.Get<IIncidentStore>();
        for (var i = 0; i < 7; i++)
        {
            await store.RecordAbnormalAsync(Observation($"m{i}", i * 100, i % 2 == 0 ? AnomalySeverity.High : AnomalySeverity.Low, opening: true),
                CancellationToken.None);
        }

        var first = (await store.ListAsync(new IncidentFilter(MachineId: "m3"), CancellationToken.None)).Items.Single();
        await store.AcknowledgeAsync(first.Id, "maria", null, T0, CancellationToken.None);

        var seen = new List<MachineIncident>();
        long? before = null;
        var pages = 0;
        do
        {
            var page = await store.ListAsync(new IncidentFilter(Limit: 3, BeforeId: before), CancellationToken.None);
            seen.AddRange(page.Items);
            before = page.NextBeforeId;
            pages++;
        }
        while (before is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"m{6 - i}"), seen.Select(i => i.MachineId));
        Assert.Equal(["m6", "m4", "m2", "m0"],
            (await store.ListAsync(new IncidentFilter(MinSeverity: AnomalySeverity.High), CancellationToken.None)).Items.Select(i => i.MachineId));
        Assert.Equal("m3", Assert.Single((await store.ListAsync(new IncidentFilter(State: IncidentState.Acknowledged), CancellationToken.None)).Items).MachineId);
        Assert.Equal(7, (await store.ListAsync(new IncidentFilter(UnresolvedOnly: true), CancellationToken.None)).Items.Count);
        Assert.Equal(["m2", "m1"],
            (await store.ListAsync(new IncidentFilter(From: T0.AddSeconds(100), To: T0.AddSeconds(201)), CancellationToken.None)).Items.Select(i => i.MachineId));
    }
}
