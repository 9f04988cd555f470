using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Learning;
using SmartMaintenance.Cloud.Detection.Combined;
using EvidenceFacts = SmartMaintenance.Cloud.Detection.Scoring.EvidenceFacts;

namespace SmartMaintenance.Cloud.Agents.AnomalyDetection;

/// <summary>
/// Agent 3: ReadingValidated -> AnomalyDetected. One combined detector per sensor (robust z-score on level and
/// on steps, EWMA, isolation forest over windows — SmartMaintenance.Cloud.Detection); an anomaly carries every
/// component's evidence and the similar past cases from the knowledge base. Subscribed Ordering.PerSensor: called
/// concurrently for different sensors, one at a time and in order for each sensor, so a detector (not thread-safe)
/// only ever sees its own sensor's consumer; the map of detectors is concurrent for that reason.
/// </summary>
public sealed class AnomalyDetectionAgent(
    IEventBus bus,
    IAnomalyStore anomalies,
    IKnowledgeBase knowledge,
    TimeProvider time,
    IOptions<AnomalyOptions> options) : IEventHandler<ReadingValidated>
{
    private readonly AnomalyOptions _options = options.Value;
    private readonly CombinedOptions _detectorOptions = options.Value.ToDetectorOptions();
    private readonly Severity _minSeverity = Enum.Parse<Severity>(options.Value.MinSeverity, ignoreCase: true);
    private readonly ConcurrentDictionary<(string DeviceId, string SensorId), CombinedDetector> _detectors = new();

    public async Task HandleAsync(ReadingValidated @event, CancellationToken cancellationToken)
    {
        var r = @event.Reading;
        if (_options.CounterSensorTypes.Contains(r.SensorType))
        {
            return;
        }

        var detector = _detectors.GetOrAdd((r.DeviceId, r.SensorId), static (_, o) => new CombinedDetector(o), _detectorOptions);

        var result = detector.Evaluate(r.Timestamp, r.Value);
        if (result.Severity < _minSeverity)
        {
            return;
        }

        var evidence = result.Components.Select(c => Evidence(c.Evidence, c.Score, _detectorOptions.LowAt)).ToList();
        var signature = Signature(evidence);
        var similar = _options.SimilarCases == 0
            ? []
            : await knowledge.FindSimilarAsync(r.SensorType, signature, _options.SimilarCases, cancellationToken);
        var anomaly = new AnomalyDetected(@event.Meta.Next("anomaly", time.GetUtcNow()), r, result.Score,
            (AnomalySeverity)((int)result.Severity - 1), evidence, similar);
        await anomalies.AddAsync(anomaly, cancellationToken);
        await bus.PublishAsync(anomaly, cancellationToken);
    }

    /// <summary>
    /// A component's evidence: the English line, and the same numbers named for what they are to this detector
    /// (none while it warms up: its numbers are placeholders then; a non-finite number is left out, JSON has none).
    /// </summary>
    internal static DetectorEvidence Evidence(Detection.Scoring.DetectorEvidence e, double score, double threshold)
    {
        var facts = new Dictionary<string, double>(3, StringComparer.Ordinal);
        if (!e.WarmingUp)
        {
            var (statistic, center, spread) = EvidenceFacts.NamesOf(e.Detector);
            Add(statistic, e.Statistic);
            Add(center, e.Center);
            Add(spread, e.Spread);
        }

        var detail = string.Create(CultureInfo.InvariantCulture,
            $"statistic={e.Statistic:G4} center={e.Center:G6} spread={e.Spread:G4}{(e.WarmingUp ? " warming-up" : "")}");
        return new DetectorEvidence(e.Detector, score, threshold, detail, facts, e.WarmingUp);

        void Add(string name, double value)
        {
            if (double.IsFinite(value))
            {
                facts[name] = value;
            }
        }
    }

    /// <summary>The anomaly's signature for similarity search: each component detector's score, in a fixed order.</summary>
    public static IReadOnlyList<double> Signature(IReadOnlyList<DetectorEvidence> evidence)
    {
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
}
