using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Agents.AnomalyDetection;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Incidents;
using SmartMaintenance.Cloud.Agents.Learning;
using SmartMaintenance.Cloud.Agents.Metrics;
using SmartMaintenance.Cloud.Agents.Validation;

namespace SmartMaintenance.Cloud.Agents.Tests.AnomalyDetection;

/// <summary>
/// Issue 16, detector state on takeover: a machine's state moves with its bus partition by being rebuilt from the
/// machine's stored readings before the reading being handled. A fresh agent (another instance, or a restart) that
/// first sees the machine at reading N+1 decides exactly as the agent that saw readings 1..N. Real detector, real
/// incident rule, real SQLite stores (one database per agent: the instances' own stores are not what is compared).
/// </summary>
public sealed class DetectorRebuildTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private const int NormalRows = 600;
    private const int FaultRows = 8;

    /// <summary>A three-sensor machine: <see cref="NormalRows"/> normal rows, then a temperature fault of <see cref="FaultRows"/> rows.</summary>
    private static List<SensorReading> Readings()
    {
        var random = new Random(7);
        double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var list = new List<SensorReading>();
        for (var row = 1; row <= NormalRows + FaultRows; row++)
        {
            var at = Now.AddSeconds(row);
            var offset = row > NormalRows ? 15 : 0; // 30 standard deviations
            list.Add(Reading(list.Count + 1, "temp", "temperature", "K", 310 + offset + Gaussian() * 0.5, at));
            list.Add(Reading(list.Count + 1, "speed", "rotational_speed", "rpm", 1500 + Gaussian() * 20, at));
            list.Add(Reading(list.Count + 1, "pressure", "pressure", "bar", Math.Round((6 + Gaussian() * 0.3) * 2) / 2, at));
            if (row == NormalRows / 2)
            {
                // A broken reading the validation agent rejects (range): stored, but never judged by the anomaly agent.
                list.Add(Reading(list.Count + 1, "temp", "temperature", "K", 5000, at.AddMilliseconds(500)));
            }
        }

        return list;
    }

    private static SensorReading Reading(long id, string sensor, string type, string unit, double value, DateTimeOffset at) =>
        new(id, "press-1", sensor, type, unit, "reading", value, at);

    private static async Task<(AnomalyDetectionAgent Agent, RecordingBus Bus, AgentHarness Harness)> CreateAsync(IMachineHistory history,
        AnomalyOptions? options = null)
    {
        var time = new FakeTimeProvider(Now);
        var harness = await AgentHarness.CreateAsync(time);
        var bus = new RecordingBus();
        var agent = new AnomalyDetectionAgent(bus, harness.Get<IIncidentStore>(), harness.Get<IAnomalyStore>(), harness.Get<IKnowledgeBase>(),
            history, Options.Create(new ValidationOptions()), new AgentMetrics(), time, Options.Create(options ?? new AnomalyOptions()), NullLogger<AnomalyDetectionAgent>.Instance);
        return (agent, bus, harness);
    }

    /// <summary>
    /// What the bus delivers to the anomaly agent: the readings the validation agent's rules let through, in order
    /// (judged at their own time, as the stream is replayed long after it was recorded).
    /// </summary>
    private static List<SensorReading> Validated(List<SensorReading> readings, out int rejected)
    {
        using var metrics = new AgentMetrics();
        var validation = new ValidationAgent(new RecordingBus(), TimeProvider.System, Options.Create(new ValidationOptions()), metrics);
        var passed = readings.Where(r => validation.Check(r, r.Timestamp).Rule is null).ToList();
        rejected = readings.Count - passed.Count;
        return passed;
    }

    private static async Task HandleAsync(AnomalyDetectionAgent agent, IEnumerable<SensorReading> readings)
    {
        foreach (var r in readings)
        {
            await agent.HandleAsync(new ReadingValidated(new EventMeta($"r{r.ReadingId}", r.DeviceId, $"r{r.ReadingId}", r.Timestamp), r),
                CancellationToken.None);
        }
    }

    /// <summary>What an AnomalyDetected decided: its trigger, severity, score and the incident's p-value and top sensor.</summary>
    private static List<string> Decisions(RecordingBus bus) =>
        [.. bus.Of<AnomalyDetected>().Select(a => $"{a.EventId} {a.Severity} {a.Score} {a.Reading.SensorId} {a.Evidence[0].Facts!["pValue"]:R}")];

    [Fact]
    public async Task Handle_FreshAgentFirstSeesTheMachineAtReadingNPlusOne_DecidesLikeTheUninterruptedAgent()
    {
        var stored = Readings();
        var readings = Validated(stored, out var rejected);
        Assert.True(rejected >= 1, "the stored stream holds a reading validation rejects");
        var split = readings.FindIndex(r => r.Timestamp > Now.AddSeconds(NormalRows));
        var (uninterrupted, bus, harness) = await CreateAsync(new NoMachineHistory());
        await using var _ = harness;
        await HandleAsync(uninterrupted, readings.Take(split));
        Assert.Empty(bus.Of<AnomalyDetected>()); // the normal stretch opened nothing: the fault's decisions are all there is
        await HandleAsync(uninterrupted, readings.Skip(split));
        var expected = Decisions(bus);
        Assert.NotEmpty(expected);

        // Another instance takes the partition over at reading N+1: it has only the database's readings 1..N.
        var (takeover, takeoverBus, takeoverHarness) = await CreateAsync(new StoredReadingHistory(stored));
        await using var __ = takeoverHarness;
        await HandleAsync(takeover, readings.Skip(split));

        Assert.Equal(expected, Decisions(takeoverBus));
    }

    [Fact]
    public async Task Handle_FreshAgentWithoutRebuild_MissesTheFaultWhileItLearnsAgain()
    {
        // The control: without the rebuild (window zero), the fresh agent is warming up and decides nothing.
        var stored = Readings();
        var readings = Validated(stored, out var ignored);
        var (fresh, bus, harness) = await CreateAsync(new StoredReadingHistory(stored), new AnomalyOptions { RebuildWindow = TimeSpan.Zero });
        await using var _ = harness;

        await HandleAsync(fresh, readings.Where(r => r.Timestamp > Now.AddSeconds(NormalRows)));

        Assert.Empty(bus.Of<AnomalyDetected>());
    }

    [Fact]
    public void Validate_NegativeRebuildSettings_ReportsBoth()
    {
        var errors = new AnomalyOptions { RebuildWindow = TimeSpan.FromSeconds(-1), RebuildMaxReadings = -1 }.Validate().ToList();

        Assert.Contains(errors, e => e.Contains("RebuildWindow", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("RebuildMaxReadings", StringComparison.Ordinal));
    }
}
