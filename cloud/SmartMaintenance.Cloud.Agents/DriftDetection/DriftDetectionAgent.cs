using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.AnomalyDetection;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Metrics;
using SmartMaintenance.Cloud.Agents.Validation;
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
/// A sensor this process has no windows for (after a start, or when its bus partition moved here from another instance)
/// is rebuilt first: its stored readings before the one being handled (the last RebuildMaxReadings within RebuildWindow)
/// that validation lets through are replayed through the same window logic without publishing or asking for retraining.
/// docs/scale-out.md, "State on takeover", says when that equals the uninterrupted windows and what differs otherwise.
/// </summary>
public sealed partial class DriftDetectionAgent(IEventBus bus, IRetrainRequester retrain, TimeProvider time, IOptions<DriftOptions> options,
    IMachineHistory? history = null, IOptions<ValidationOptions>? validation = null, AgentMetrics? metrics = null,
    ILogger<DriftDetectionAgent>? logger = null)
    : IEventHandler<ReadingValidated>
{
    private readonly DriftOptions _options = options.Value;
    private readonly ConcurrentDictionary<(string DeviceId, string SensorId), Windows> _sensors = new();
    private readonly Lock _retrainLock = new();
    private DateTimeOffset? _lastRetrainRequest;

    public async Task HandleAsync(ReadingValidated @event, CancellationToken cancellationToken)
    {
        var r = @event.Reading;
        if (!_sensors.TryGetValue((r.DeviceId, r.SensorId), out var w))
        {
            // One consumer per sensor (Ordering.PerSensor): nobody adds this sensor meanwhile.
            w = await RebuildAsync(r, cancellationToken);
            _sensors[(r.DeviceId, r.SensorId)] = w;
        }

        if (Observe(w, r.Value) is not { } drift)
        {
            return;
        }

        var (ks, psi) = drift;
        var reason = string.Create(CultureInfo.InvariantCulture, $"KS D={ks.Statistic:F3} p={ks.PValue:G3}, PSI={psi:F3}");
        var now = time.GetUtcNow();
        var accepted = false;
        if (TakeRetrainTurn(now))
        {
            accepted = await retrain.RequestAsync(r.DeviceId, r.SensorId, reason, cancellationToken);
        }

        await bus.PublishAsync(new DriftDetected(@event.Meta.Next("drift", now), r.SensorId, r.SensorType,
            ks.Statistic, ks.PValue, psi, ks.ReferenceCount, ks.RecentCount, accepted), cancellationToken);
    }

    /// <summary>
    /// Forgets the sensors <paramref name="inPartition"/> selects (device, sensor): their partition moved to or from
    /// another instance, so these windows miss what was handled there. Called with no delivery of theirs in flight
    /// (IPartitionOwnership.Changed); their next reading here rebuilds them from the store. Returns how many.
    /// </summary>
    internal int Forget(Func<string, string, bool> inPartition)
    {
        var dropped = 0;
        foreach (var key in _sensors.Keys)
        {
            if (inPartition(key.DeviceId, key.SensorId) && _sensors.TryRemove(key, out _))
            {
                dropped++;
            }
        }

        return dropped;
    }

    /// <summary>
    /// One reading into a sensor's windows: the test's outcome when it found drift (the windows then start again from
    /// the recent one), else null. The whole of the agent's per-sensor logic, shared by live readings and the rebuild.
    /// </summary>
    private (KsResult Ks, double Psi)? Observe(Windows w, double value)
    {
        if (w.Reference.Count < _options.ReferenceSize)
        {
            w.Reference.Add(value);
            return null;
        }

        w.Recent.Enqueue(value);
        if (w.Recent.Count > _options.RecentSize)
        {
            w.Recent.Dequeue();
        }

        // The first test as soon as the recent window is full, then every TestEvery readings. (Counting from the
        // first full window instead left a window-sized stretch of drift untested for TestEvery - 1 more readings.)
        if (w.Recent.Count < _options.RecentSize || w.UntilTest-- > 0)
        {
            return null;
        }

        w.UntilTest = _options.TestEvery - 1;
        var recent = w.Recent.ToArray();
        var reference = w.Reference.ToArray();
        var ks = KolmogorovSmirnov.TwoSample(reference, recent);
        var psi = PopulationStabilityIndex.Compute(reference, recent).Value;
        if (ks.PValue >= _options.Alpha || psi < _options.PsiThreshold)
        {
            return null;
        }

        w.Reference = [.. recent];
        w.Recent.Clear();
        w.UntilTest = 0;
        return (ks, psi);
    }

    /// <summary>
    /// Windows for <paramref name="first"/>'s sensor from its stored readings before it: the ones a scratch copy of the
    /// validation rules lets through (judged in id order at their own time, as the anomaly agent's rebuild does) go
    /// through <see cref="Observe"/>; a drift found on the way resets the windows as it did live, and is not published again.
    /// </summary>
    private async Task<Windows> RebuildAsync(SensorReading first, CancellationToken cancellationToken)
    {
        var w = new Windows();
        if (history is null || _options.RebuildWindow <= TimeSpan.Zero || _options.RebuildMaxReadings == 0 || first.ReadingId <= 0)
        {
            return w;
        }

        var since = first.Timestamp.UtcTicks > DateTimeOffset.MinValue.UtcTicks + _options.RebuildWindow.Ticks
            ? first.Timestamp - _options.RebuildWindow
            : DateTimeOffset.MinValue;
        var past = await history.ReadSensorAsync(first.DeviceId, first.SensorId, first.ReadingId, since, _options.RebuildMaxReadings,
            cancellationToken);
        // Check publishes and counts nothing: the bus and the metrics are never touched by the replay.
        using var own = metrics is null ? new AgentMetrics() : null;
        var validator = new ValidationAgent(bus, time, validation ?? Options.Create(new ValidationOptions()), metrics ?? own!);
        var replayed = 0;
        foreach (var r in past)
        {
            if (validator.Check(r, r.Timestamp).Rule is null)
            {
                Observe(w, r.Value);
                replayed++;
            }
        }

        if (logger is not null)
        {
            LogRebuilt(logger, first.DeviceId, first.SensorId, replayed, first.ReadingId);
        }

        return w;
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "Rebuilt the drift windows of {DeviceId}/{SensorId} from {Replayed} stored readings before reading {ReadingId}")]
    private static partial void LogRebuilt(ILogger logger, string deviceId, string sensorId, int replayed, long readingId);

    private sealed class Windows
    {
        public List<double> Reference { get; set; } = [];
        public Queue<double> Recent { get; } = new();
        public int UntilTest { get; set; }
    }
}
