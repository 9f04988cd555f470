using System.Globalization;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Detection.Forecasting;

namespace SmartMaintenance.Cloud.Agents.Prediction;

/// <summary>
/// Agent 5: AnomalyDetected (and, periodically per machine, ReadingValidated) -> FailurePredicted. Combines the
/// production model's probability/mode (when registered) with a Holt linear-trend time-to-threshold forecast.
/// Both subscriptions run on their own consumers, so the per-sensor state is locked.
/// </summary>
public sealed class PredictionAgent(
    IEventBus bus,
    IFailureModel model,
    IPredictionStore predictions,
    TimeProvider time,
    IOptions<PredictionOptions> options) : IEventHandler<ReadingValidated>, IEventHandler<AnomalyDetected>
{
    private readonly PredictionOptions _options = options.Value;
    private readonly Dictionary<string, HoltForecaster> _trends = [];
    private readonly Dictionary<string, Dictionary<string, double>> _latest = [];
    private readonly Dictionary<string, DateTimeOffset> _lastPeriodic = [];

    public async Task HandleAsync(ReadingValidated @event, CancellationToken cancellationToken)
    {
        var r = @event.Reading;
        var now = time.GetUtcNow();
        FailurePredicted? periodic = null;
        lock (_trends)
        {
            var trend = TrendOf(r);
            trend.Update(r.Timestamp, r.Value);
            LatestOf(r.DeviceId)[r.SensorType] = r.Value;
            var due = _options.PeriodicInterval > TimeSpan.Zero && trend.Count >= _options.MinHistory &&
                (!_lastPeriodic.TryGetValue(r.DeviceId, out var last) || now - last >= _options.PeriodicInterval);
            if (due)
            {
                _lastPeriodic[r.DeviceId] = now;
                periodic = Predict(@event.Meta.Next("periodic", now), r, anomalyScore: 0, "periodic");
            }
        }

        if (periodic is not null)
        {
            await predictions.AddAsync(periodic, cancellationToken);
            await bus.PublishAsync(periodic, cancellationToken);
        }
    }

    public async Task HandleAsync(AnomalyDetected @event, CancellationToken cancellationToken)
    {
        FailurePredicted prediction;
        lock (_trends)
        {
            // The anomalous reading itself may not have reached the trend yet (other consumer): add it here.
            TrendOf(@event.Reading).Update(@event.Reading.Timestamp, @event.Reading.Value);
            LatestOf(@event.DeviceId)[@event.Reading.SensorType] = @event.Reading.Value;
            prediction = Predict(@event.Meta.Next("predict", time.GetUtcNow()), @event.Reading, @event.Score,
                $"anomaly {@event.Severity} score {@event.Score.ToString("F2", CultureInfo.InvariantCulture)}");
        }

        await predictions.AddAsync(prediction, cancellationToken);
        await bus.PublishAsync(prediction, cancellationToken);
    }

    private FailurePredicted Predict(EventMeta meta, SensorReading r, double anomalyScore, string trigger)
    {
        var basis = new List<string> { trigger };
        var modelResult = model.Predict(r.DeviceId, LatestOf(r.DeviceId));
        basis.Add(modelResult is null ? "no production model" : $"model {modelResult.ModelVersion}");
        DateTimeOffset? failureAt = null;
        var urgency = 0.0;
        if (_options.FailureThresholds.TryGetValue(r.SensorType, out var threshold))
        {
            var trend = TrendOf(r);
            if (trend.Level >= threshold)
            {
                failureAt = meta.OccurredAt;
                urgency = 1;
                basis.Add($"already at {trend.Level:G4} >= threshold {threshold}");
            }
            else if (trend.TimeToThreshold(threshold) is { } crossing)
            {
                failureAt = crossing.At;
                var hours = (crossing.At - meta.OccurredAt).TotalHours;
                urgency = hours <= 24 ? 1 : hours <= 72 ? 0.8 : hours <= 168 ? 0.5 : 0.2;
                basis.Add(string.Create(CultureInfo.InvariantCulture, $"Holt trend {crossing.TrendPerSecond * 3600:G3}/h reaches {threshold} at {crossing.At:O}"));
            }
            else
            {
                basis.Add("trend does not reach the failure threshold");
            }
        }
        else
        {
            basis.Add($"no failure threshold for {r.SensorType}");
        }

        var risk = Math.Clamp(Math.Max(modelResult?.Probability ?? 0, Math.Max(anomalyScore, urgency)), 0, 1);
        return new FailurePredicted(meta, r.SensorId, r.SensorType, risk, modelResult?.Probability, modelResult?.Mode,
            modelResult?.ModelVersion, failureAt, string.Join("; ", basis));
    }

    private HoltForecaster TrendOf(SensorReading r)
    {
        var key = $"{r.DeviceId}/{r.SensorId}";
        if (!_trends.TryGetValue(key, out var trend))
        {
            trend = new HoltForecaster(new HoltOptions { Alpha = _options.Alpha, Beta = _options.Beta });
            _trends[key] = trend;
        }

        return trend;
    }

    private Dictionary<string, double> LatestOf(string deviceId)
    {
        if (!_latest.TryGetValue(deviceId, out var latest))
        {
            latest = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
            _latest[deviceId] = latest;
        }

        return latest;
    }
}
