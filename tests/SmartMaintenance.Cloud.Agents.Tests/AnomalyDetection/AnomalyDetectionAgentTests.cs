using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Agents.AnomalyDetection;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Learning;

namespace SmartMaintenance.Cloud.Agents.Tests.AnomalyDetection;

/// <summary>The anomaly agent over the real SQLite anomaly store and knowledge base, with a fake clock.</summary>
public sealed class AnomalyDetectionAgentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static async Task FeedAsync(AnomalyDetectionAgent agent, IEnumerable<double> values)
    {
        var i = 0;
        foreach (var v in values)
        {
            i++;
            var reading = AgentHarness.Reading(v, Now.AddSeconds(i), sensor: "v1", type: "vibration", id: i);
            await agent.HandleAsync(new ReadingValidated(AgentHarness.Meta($"r{i}", reading.Timestamp), reading), CancellationToken.None);
        }
    }

    private static IEnumerable<double> Noise(int count)
    {
        var random = new Random(3);
        return Enumerable.Range(0, count).Select(_ => 5 + random.NextDouble() * 0.2);
    }

    private static async Task<(AnomalyDetectionAgent Agent, RecordingBus Bus, AgentHarness Harness)> CreateAsync()
    {
        var time = new FakeTimeProvider(Now);
        var harness = await AgentHarness.CreateAsync(time);
        var bus = new RecordingBus();
        var agent = new AnomalyDetectionAgent(bus, harness.Get<IAnomalyStore>(), harness.Get<IKnowledgeBase>(), time,
            Options.Create(new AnomalyOptions { UseForest = false }));
        return (agent, bus, harness);
    }

    [Fact]
    public async Task Handle_SpikeAfterWarmup_AnomalyWithEvidenceAndSimilarPastCase()
    {
        var (agent, bus, harness) = await CreateAsync();
        await using var _ = harness;
        await harness.Get<IKnowledgeBase>().AddAsync(new Incident(0, "vibration", [1, 1, 0.5, 0], "spike", "loose bolt", "tighten",
            Now.AddDays(-3)), CancellationToken.None);

        await FeedAsync(agent, Noise(60).Append(9.0));

        var anomaly = Assert.Single(bus.Of<AnomalyDetected>());
        Assert.Equal(9.0, anomaly.Reading.Value);
        Assert.True(anomaly.Severity >= AnomalySeverity.High, $"severity {anomaly.Severity}");
        Assert.Contains(anomaly.Evidence, e => e.Detector == "robust-z" && e.Score > 0.9);
        Assert.Equal("loose bolt", Assert.Single(anomaly.SimilarCases).Cause);
        Assert.Single(await harness.Get<IAnomalyStore>().ListAsync(Now, Now.AddDays(1), 10, CancellationToken.None));
    }

    [Fact]
    public async Task Handle_SpikeAfterWarmup_EvidenceNamesItsNumbersForEachDetector()
    {
        var (agent, bus, harness) = await CreateAsync();
        await using var _ = harness;

        await FeedAsync(agent, Noise(60).Append(9.0));

        var evidence = Assert.Single(bus.Of<AnomalyDetected>()).Evidence.ToDictionary(e => e.Detector);
        var level = evidence["robust-z"].Facts!;
        Assert.Equal(["z", "median", "madSigma"], level.Keys);
        Assert.InRange(level["median"], 5.0, 5.2); // the noise is 5 + [0, 0.2)
        Assert.True(level["z"] > 3.5, $"z {level["z"]}");
        Assert.Equal(["z", "ewma", "sigma"], evidence["ewma"].Facts!.Keys);
        Assert.StartsWith("statistic=", evidence["robust-z"].Detail); // the English line the API keeps
    }

    [Fact]
    public void Evidence_DetectorStillWarmingUp_NoFactsAndMarkedWarmingUp()
    {
        var e = AnomalyDetectionAgent.Evidence(new Detection.Scoring.DetectorEvidence("isolation-forest", 0, 0, 0, WarmingUp: true), 0, 0.5);

        Assert.Equal((true, 0), (e.WarmingUp, e.Facts!.Count));
        Assert.EndsWith("warming-up", e.Detail);
    }

    [Fact]
    public void Signature_SameScoresWithAndWithoutFacts_SameVector()
    {
        // Rows stored before facts existed must keep finding the same similar cases as new rows.
        DetectorEvidence[] old = [new("robust-z", 0.9, 0.5, "statistic=9"), new("ewma", 0.7, 0.5, "statistic=5")];
        DetectorEvidence[] withFacts =
        [
            old[0] with { Facts = new Dictionary<string, double> { ["z"] = 9, ["median"] = 5 } },
            old[1] with { Facts = new Dictionary<string, double> { ["z"] = 5, ["ewma"] = 5 }, WarmingUp = true },
        ];

        Assert.Equal(AnomalyDetectionAgent.Signature(old), AnomalyDetectionAgent.Signature(withFacts));
    }

    [Fact]
    public async Task Handle_NoiseOnly_NoAnomaly()
    {
        var (agent, bus, harness) = await CreateAsync();
        await using var _ = harness;

        await FeedAsync(agent, Noise(300));

        Assert.Empty(bus.Of<AnomalyDetected>());
    }

    [Fact]
    public async Task Handle_ToolWearResetAtAToolChange_NoAnomaly()
    {
        var (agent, bus, harness) = await CreateAsync();
        await using var _ = harness;
        // Tool wear climbs 2 min per reading to 240, then the tool is changed: back to 0. Twice.
        var wear = Enumerable.Range(0, 300).Select(i => (double)(i * 2 % 242));
        var i = 0;
        foreach (var v in wear)
        {
            i++;
            var reading = AgentHarness.Reading(v, Now.AddSeconds(i), sensor: "tool-wear", type: "tool_wear", id: i);
            await agent.HandleAsync(new ReadingValidated(AgentHarness.Meta($"w{i}", reading.Timestamp), reading), CancellationToken.None);
        }

        Assert.Empty(bus.Of<AnomalyDetected>());
    }
}
