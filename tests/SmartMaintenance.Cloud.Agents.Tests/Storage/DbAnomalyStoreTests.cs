using System.Globalization;
using SmartMaintenance.Cloud.Agents.AnomalyDetection;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Storage;

namespace SmartMaintenance.Cloud.Agents.Tests.Storage;

/// <summary>Evidence is stored as JSON text: facts added later need no migration, and rows written before them still read.</summary>
public sealed class DbAnomalyStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ListAsync_EvidenceWithFacts_FactsAndWarmUpComeBack()
    {
        await using var harness = await AgentHarness.CreateAsync(TimeProvider.System);
        var store = harness.Get<IAnomalyStore>();
        var reading = AgentHarness.Reading(9, Now);
        DetectorEvidence[] evidence =
        [
            new("robust-z", 0.97, 0.5, "statistic=40 center=5.1 spread=0.1", new Dictionary<string, double> { ["z"] = 40, ["median"] = 5.1, ["madSigma"] = 0.1 }),
            new("isolation-forest", 0, 0.5, "statistic=0 center=0 spread=0 warming-up", new Dictionary<string, double>(), WarmingUp: true),
        ];

        await store.AddAsync(new AnomalyDetected(AgentHarness.Meta("a1", Now), reading, 0.97, AnomalySeverity.Critical, evidence, []), CancellationToken.None);

        var stored = Assert.Single(await store.ListAsync(Now.AddMinutes(-1), Now.AddMinutes(1), 10, CancellationToken.None)).Evidence;
        Assert.Equal(new Dictionary<string, double> { ["z"] = 40, ["median"] = 5.1, ["madSigma"] = 0.1 }, stored[0].Facts);
        Assert.Equal((true, 0), (stored[1].WarmingUp, stored[1].Facts!.Count));
    }

    [Fact]
    public async Task ListAsync_RowStoredBeforeFactsExisted_ReadsWithoutFactsAndKeepsItsDetail()
    {
        await using var harness = await AgentHarness.CreateAsync(TimeProvider.System);
        var ms = Now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        await using (var connection = await harness.Get<AgentDatabase>().OpenAsync(CancellationToken.None))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $$"""
                INSERT INTO agent_anomalies (event_id, correlation_id, device_id, sensor_id, sensor_type, value, score, severity, evidence, reading_at_ms, detected_at_ms)
                VALUES ('old-1', 'corr-1', 'dev-1', 't1', 'temperature', 9, 0.97, 'Critical',
                        '[{"Detector":"robust-z","Score":0.97,"Threshold":0.5,"Detail":"statistic=40 center=5.1 spread=0.1"}]', {{ms}}, {{ms}})
                """;
            await command.ExecuteNonQueryAsync();
        }

        var old = Assert.Single(Assert.Single(await harness.Get<IAnomalyStore>().ListAsync(Now.AddMinutes(-1), Now.AddMinutes(1), 10,
            CancellationToken.None)).Evidence);

        Assert.Equal(("statistic=40 center=5.1 spread=0.1", null, false), (old.Detail, old.Facts, old.WarmingUp));
    }
}
