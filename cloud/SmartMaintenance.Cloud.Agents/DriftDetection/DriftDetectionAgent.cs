using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Detection.Drift;

namespace SmartMaintenance.Cloud.Agents.DriftDetection;

/// <summary>
/// Agent 4: ReadingValidated -> DriftDetected. Per sensor, a reference window and a recent window are compared
/// with the two-sample Kolmogorov–Smirnov test and PSI (SmartMaintenance.Cloud.Detection.Drift) once the recent window
/// is full and then every TestEvery readings, so a sensor's first test needs ReferenceSize + RecentSize readings. On
/// drift the recent window becomes the new reference (tested again once refilled) and the ML side is asked to consider
/// retraining (at most once per RetrainCooldown across all sensors; RetrainRequested says whether this drift asked).
/// Subscribed Ordering.PerSensor: a sensor's windows are only touched by its own consumer; the map of windows is
/// concurrent and the cool-down, shared by all sensors, is checked and taken under a lock.
/// </summary>
public sealed class DriftDetectionAgent(IEventBus bus, IRetrainRequester retrain, TimeProvider time, IOptions<DriftOptions> options)
    : IEventHandler<ReadingValidated>
{
    private readonly DriftOptions _options = options.Value;
    private readonly ConcurrentDictionary<(string DeviceId, string SensorId), Windows> _sensors = new();
    private readonly Lock _retrainLock = new();
    private DateTimeOffset? _lastRetrainRequest;

    public async Task HandleAsync(ReadingValidated @event, CancellationToken cancellationToken)
    {
        var r = @event.Reading;
        var w = _sensors.GetOrAdd((r.DeviceId, r.SensorId), static _ => new Windows());

        if (w.Reference.Count < _options.ReferenceSize)
        {
            w.Reference.Add(r.Value);
            return;
        }

        w.Recent.Enqueue(r.Value);
        if (w.Recent.Count > _options.RecentSize)
        {
            w.Recent.Dequeue();
        }

        // The first test as soon as the recent window is full, then every TestEvery readings. (Counting from the
        // first full window instead left a window-sized stretch of drift untested for TestEvery - 1 more readings.)
        if (w.Recent.Count < _options.RecentSize || w.UntilTest-- > 0)
        {
            return;
        }

        w.UntilTest = _options.TestEvery - 1;
        var recent = w.Recent.ToArray();
        var reference = w.Reference.ToArray();
        var ks = KolmogorovSmirnov.TwoSample(reference, recent);
        var psi = PopulationStabilityIndex.Compute(reference, recent).Value;
        if (ks.PValue >= _options.Alpha || psi < _options.PsiThreshold)
        {
            return;
        }

        var reason = string.Create(CultureInfo.InvariantCulture, $"KS D={ks.Statistic:F3} p={ks.PValue:G3}, PSI={psi:F3}");
        var now = time.GetUtcNow();
        var accepted = false;
        if (TakeRetrainTurn(now))
        {
            accepted = await retrain.RequestAsync(r.DeviceId, r.SensorId, reason, cancellationToken);
        }

        w.Reference = [.. recent];
        w.Recent.Clear();
        w.UntilTest = 0;
        await bus.PublishAsync(new DriftDetected(@event.Meta.Next("drift", now), r.SensorId, r.SensorType,
            ks.Statistic, ks.PValue, psi, ks.ReferenceCount, ks.RecentCount, accepted), cancellationToken);
    }

    /// <summary>True for the first drift (any sensor) outside the cool-down, which then starts again.</summary>
    private bool TakeRetrainTurn(DateTimeOffset now)
    {
        lock (_retrainLock)
        {
            if (_lastRetrainRequest is { } last && now - last < _options.RetrainCooldown)
            {
                return false;
            }

            _lastRetrainRequest = now;
            return true;
        }
    }

    private sealed class Windows
    {
        public List<double> Reference { get; set; } = [];
        public Queue<double> Recent { get; } = new();
        public int UntilTest { get; set; }
    }
}
