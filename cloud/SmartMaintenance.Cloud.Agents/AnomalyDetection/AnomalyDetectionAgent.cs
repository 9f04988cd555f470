using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Incidents;
using SmartMaintenance.Cloud.Agents.Learning;
using SmartMaintenance.Cloud.Agents.Metrics;
using SmartMaintenance.Cloud.Agents.Validation;
using SmartMaintenance.Cloud.Detection.Combined;
using SmartMaintenance.Cloud.Detection.Machine;

namespace SmartMaintenance.Cloud.Agents.AnomalyDetection;

/// <summary>
/// Agent 3: ReadingValidated -> machine incidents (+ AnomalyDetected once per incident and on escalation). A device's
/// readings are grouped into observations (ObservationAssembler), judged together by one MachineAlertPath per machine
/// (MachineDetector, then IncidentTracker, the class bench/SmartMaintenance.Detect measures), which turns the verdicts
/// into incidents: the store keeps one unresolved incident per machine with
/// its evidence (top sensors, p-value, severity, first/last abnormal time, readings in alert). Only an opening or an
/// escalation is published, so prediction, scheduling and notification act per incident, never per reading.
/// Subscribed Ordering.PerDevice: a machine's readings reach one consumer, in order; the map is concurrent because
/// different machines are handled in parallel. People's resets (IMachineResets) are queued and applied here.
/// A machine this process has no state for (after a start, or when its bus partition moved here from another instance) is
/// rebuilt first: its stored readings of the last RebuildWindow before the reading being handled are replayed through a
/// fresh path without side effects, so the decision equals the uninterrupted one when the window holds the machine's
/// whole history (docs/agents.md, "Several instances", says what differs otherwise).
/// </summary>
public sealed partial class AnomalyDetectionAgent(
    IEventBus bus,
    IIncidentStore incidents,
    IAnomalyStore anomalies,
    IKnowledgeBase knowledge,
    IMachineHistory history,
    IOptions<ValidationOptions> validation,
    AgentMetrics metrics,
    TimeProvider time,
    IOptions<AnomalyOptions> options,
    ILogger<AnomalyDetectionAgent> logger) : IEventHandler<ReadingValidated>, IMachineResets
{
    /// <summary>The evidence line of an incident's anomaly names this detector (the machine detector, all sensors together).</summary>
    public const string MachineDetectorName = "machine";

    /// <summary>The wire contract's kind of a periodic summary (MessageKinds.Summary).</summary>
    private const string SummaryKind = "s";

    private readonly AnomalyOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, MachineState> _machines = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _resets = new(StringComparer.Ordinal);

    /// <summary>The machine a reading belongs to: its device, or the device and run for a demo run (AnomalyOptions.RunMachinePrefixes).</summary>
    public string MachineOf(SensorReading r) =>
        r.CorrelationId is { } c && _options.RunMachinePrefixes.Exists(p => c.StartsWith(p, StringComparison.Ordinal))
            ? $"{r.DeviceId}/{c}"
            : r.DeviceId;

    public void Request(string machineId, bool rebaseline) =>
        _resets.AddOrUpdate(machineId, rebaseline, (_, earlier) => earlier || rebaseline);

    public async Task HandleAsync(ReadingValidated @event, CancellationToken cancellationToken)
    {
        var r = @event.Reading;
        // A periodic summary's value is the mean of its period, another quantity than a sample (its spread is about
        // 1/sqrt(n) of a sample's): it would skew the machine's baseline and split its rows. Drift and prediction use it.
        if (r.Kind == SummaryKind || _options.CounterSensorTypes.Contains(r.SensorType))
        {
            return;
        }

        var machineId = MachineOf(r);
        if (!_machines.TryGetValue(machineId, out var machine))
        {
            // One consumer per machine (Ordering.PerDevice): nobody adds this machine meanwhile.
            machine = await RebuildAsync(machineId, r, cancellationToken);
            _machines[machineId] = machine;
        }

        var late = machine.Rows.LateReadings;
        var rows = machine.Rows.Add(r);
        if (machine.Rows.LateReadings > late)
        {
            LogLateReading(logger, r.DeviceId, r.SensorId, r.Timestamp, @event.CorrelationId);
        }

        foreach (var row in rows)
        {
            await JudgeAsync(machine, row, @event, cancellationToken);
        }
    }

    /// <summary>
    /// Forgets the machines of the devices <paramref name="inPartition"/> selects: their partition moved to or from another
    /// instance, so this state misses what was judged there (an incident opened or closed, a baseline grown). Called with
    /// no delivery of theirs in flight (IPartitionOwnership.Changed); their next reading here rebuilds them. Returns how many.
    /// </summary>
    internal int Forget(Func<string, bool> inPartition)
    {
        var dropped = 0;
        foreach (var (machineId, machine) in _machines)
        {
            if (inPartition(machine.DeviceId) && _machines.TryRemove(machineId, out _))
            {
                dropped++;
            }
        }

        return dropped;
    }

    /// <summary>
    /// A fresh state for the machine, fed its stored readings that came before <paramref name="first"/> (lower reading id,
    /// within RebuildWindow of its timestamp): the same assembler and path the live readings go through, without
    /// recording incidents or publishing (that was done when they were live). Resets asked for before are not replayed.
    /// </summary>
    private async Task<MachineState> RebuildAsync(string machineId, SensorReading first, CancellationToken cancellationToken)
    {
        var machine = NewMachine(machineId, first.DeviceId);
        if (_options.RebuildWindow <= TimeSpan.Zero || _options.RebuildMaxReadings == 0 || first.ReadingId <= 0)
        {
            return machine;
        }

        var past = await history.ReadDeviceAsync(first.DeviceId, first.ReadingId, first.Timestamp - _options.RebuildWindow,
            _options.RebuildMaxReadings, cancellationToken);
        // The live agent saw only what validation let through: the device's readings go through a fresh copy of its
        // rules in the same order (all of them, as live: one sensor's history spans its demo runs too). The timestamp
        // rule is about the wall clock at arrival, which a replay cannot know: it is judged against the reading's own time.
        // Check only judges (it publishes and counts nothing), so the bus and the metrics are never touched by the replay.
        var validator = new ValidationAgent(bus, time, validation, metrics);
        var replayed = 0;
        foreach (var r in past)
        {
            if (validator.Check(r, r.Timestamp).Rule is not null)
            {
                continue;
            }

            if (r.Kind == SummaryKind || _options.CounterSensorTypes.Contains(r.SensorType) || MachineOf(r) != machineId)
            {
                continue;
            }

            replayed++;
            foreach (var row in machine.Rows.Add(r))
            {
                var values = new SensorValue[row.Count];
                for (var i = 0; i < row.Count; i++)
                {
                    values[i] = new SensorValue(row[i].SensorId, row[i].Value);
                    machine.Latest[row[i].SensorId] = row[i];
                }

                machine.Path.Observe(row[0].Timestamp, values);
            }
        }

        LogRebuilt(logger, machineId, replayed, first.ReadingId);
        return machine;
    }

    private MachineState NewMachine(string machineId, string deviceId)
    {
        var run = machineId.Contains('/', StringComparison.Ordinal);
        return new MachineState(machineId, deviceId, new MachineAlertPath(run ? _options.RunDetector : _options.Detector, run ? _options.RunIncident : _options.Incident),
            new ObservationAssembler(_options.ObservationTolerance));
    }

    private async Task JudgeAsync(MachineState machine, IReadOnlyList<SensorReading> row, ReadingValidated trigger,
        CancellationToken cancellationToken)
    {
        if (_resets.TryRemove(machine.MachineId, out var rebaseline))
        {
            if (rebaseline)
            {
                machine.Path.Rebaseline();
            }
            else
            {
                machine.Path.Incidents.Reset();
            }
        }

        var values = new SensorValue[row.Count];
        for (var i = 0; i < row.Count; i++)
        {
            values[i] = new SensorValue(row[i].SensorId, row[i].Value);
            machine.Latest[row[i].SensorId] = row[i];
        }

        var at = row[^1].Timestamp;
        var (verdict, step) = machine.Path.Observe(row[0].Timestamp, values);
        if (step.Change == IncidentChange.Closed)
        {
            await incidents.MarkRecoveredAsync(machine.MachineId, at, cancellationToken);
            return;
        }

        if (!step.InIncident)
        {
            return;
        }

        var now = time.GetUtcNow();
        var evidence = EvidenceOf(machine, verdict);
        var severity = SeverityOf(step.Severity);
        var meta = trigger.Meta.Next($"incident-{step.IncidentNumber}-{step.Change.ToString().ToLowerInvariant()}", now);
        var change = await incidents.RecordAbnormalAsync(new AbnormalObservation(meta.EventId, machine.MachineId, machine.Latest[row[0].SensorId].DeviceId,
            trigger.CorrelationId, row[0].Timestamp, severity, verdict.PValue, evidence, row.Count, step.Change == IncidentChange.Opened,
            verdict.Severity >= _options.Incident.OpenAt, now), cancellationToken);
        if (change is null || !(change.Created || change.Escalated))
        {
            return;
        }

        var incident = change.Incident;
        var top = incident.Top is { } t && machine.Latest.TryGetValue(t.SensorId, out var topReading) ? topReading : row[0];
        var similar = _options.SimilarCases == 0
            ? []
            : await knowledge.FindSimilarAsync(top.SensorType, IncidentSignature.Of(incident.Evidence, incident.PValue), _options.SimilarCases,
                cancellationToken);
        var anomaly = new AnomalyDetected(meta, top, ScoreOf(incident.Severity), incident.Severity,
            [MachineEvidence(incident)], similar, incident.Id);
        await anomalies.AddAsync(anomaly, cancellationToken);
        await bus.PublishAsync(anomaly, cancellationToken);
    }

    private List<SensorEvidence> EvidenceOf(MachineState machine, MachineVerdict verdict)
    {
        var list = new List<SensorEvidence>(Math.Min(_options.EvidenceSensors, verdict.Contributions.Count));
        foreach (var c in verdict.Contributions)
        {
            if (list.Count == _options.EvidenceSensors)
            {
                break;
            }

            machine.Latest.TryGetValue(c.SensorId, out var r);
            list.Add(new SensorEvidence(c.SensorId, r?.SensorType ?? "", r?.Unit ?? "", c.Value, c.Expected, c.Deviation, c.Share));
        }

        return list;
    }

    /// <summary>The detector's severity as the events' (an incident is at least Low: the rule opened it).</summary>
    internal static AnomalySeverity SeverityOf(Severity s) => s switch
    {
        Severity.Critical => AnomalySeverity.Critical,
        Severity.High => AnomalySeverity.High,
        Severity.Medium => AnomalySeverity.Medium,
        _ => AnomalySeverity.Low,
    };

    /// <summary>
    /// An incident's anomaly score for the prediction agent's risk: by severity (the calibrated rarity), not 1 - p, which
    /// is about 1 for every incident. Low 0.4 (P3), Medium 0.6 (P2), High and Critical 0.8 and 0.95 (P1), SchedulingOptions.PriorityOf.
    /// </summary>
    internal static double ScoreOf(AnomalySeverity s) => s switch
    {
        AnomalySeverity.Critical => 0.95,
        AnomalySeverity.High => 0.8,
        AnomalySeverity.Medium => 0.6,
        _ => 0.4,
    };

    /// <summary>The incident as one evidence line for the alerts list and the API (the per-sensor evidence is on the incident).</summary>
    private static DetectorEvidence MachineEvidence(MachineIncident incident)
    {
        var facts = new Dictionary<string, double>(StringComparer.Ordinal) { ["pValue"] = incident.PValue };
        if (incident.Top is { } top)
        {
            facts["share"] = top.Share;
            facts["expected"] = top.Expected;
        }

        var detail = string.Create(CultureInfo.InvariantCulture,
            $"incident {incident.Id} p={incident.PValue:G3} top={incident.Top?.SensorId ?? "-"} share={incident.Top?.Share ?? 0:F2}");
        return new DetectorEvidence(MachineDetectorName, ScoreOf(incident.Severity), ScoreOf(AnomalySeverity.Low), detail, facts);
    }

    /// <summary>
    /// An anomaly's signature for the knowledge base (the alerts list and the knowledge API that resolves an anomaly):
    /// for an incident's anomaly, the incident signature as far as its evidence line holds it (top share, rarity; see
    /// IncidentSignature); for a per-sensor anomaly stored before machine incidents, its detectors' scores in a fixed order.
    /// </summary>
    public static IReadOnlyList<double> Signature(IReadOnlyList<DetectorEvidence> evidence)
    {
        if (evidence.FirstOrDefault(e => e.Detector == MachineDetectorName)?.Facts is { } facts)
        {
            return [facts.GetValueOrDefault("share"), 0, 0, IncidentSignature.Rarity(facts.GetValueOrDefault("pValue", 1))];
        }

        string[] order = ["robust-z", "robust-z-diff", "ewma", "isolation-forest"];
        var vector = new double[order.Length];
        foreach (var e in evidence)
        {
            var i = Array.IndexOf(order, e.Detector);
            if (i >= 0)
            {
                vector[i] = Math.Max(vector[i], e.Score);
            }
        }

        return vector;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rebuilt the state of machine {MachineId} from {Replayed} stored readings before reading {ReadingId}")]
    private static partial void LogRebuilt(ILogger logger, string machineId, int replayed, long readingId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Late reading of {DeviceId}/{SensorId} at {Timestamp:O} (its instant was judged) for correlation {CorrelationId}: not judged")]
    private static partial void LogLateReading(ILogger logger, string deviceId, string sensorId, DateTimeOffset timestamp, string correlationId);
}
