using System.Globalization;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Units;
using SmartMaintenance.Cloud.Detection.Forecasting;

namespace SmartMaintenance.Cloud.Agents.Prediction;

/// <summary>
/// Agent 5: AnomalyDetected (once per machine incident and escalation; the prediction carries the incident id) and,
/// periodically per machine, ReadingValidated -> FailurePredicted. The failure
/// probability and mode come from the production model when the machine's five model inputs are known (latest
/// value per mapped sensor id, PredictionOptions.ModelInputs); the predicted date comes from a Holt linear-trend
/// time-to-threshold forecast of the triggering sensor, used only when a least-squares slope over the sensor's
/// last readings confirms the trend and the crossing is not far beyond the span observed. Missing inputs are named in Basis and no probability is
/// made up. Both subscriptions run on their own consumers, so the state is locked; the model is called outside it.
/// Remaining useful life: a machine that reports the RUL model's cycle sensor (PredictionOptions.RulCycleSensor, the
/// last C-MAPSS sensor of a cycle) gets an estimate every RulEveryCycles cycles through IRulEstimator, which decides
/// whether the model applies (the machine reports the sensors it reads) and keeps the estimate.
/// </summary>
public sealed class PredictionAgent(
    IEventBus bus,
    IFailureModel model,
    IPredictionStore predictions,
    TimeProvider time,
    IOptions<PredictionOptions> options,
    IRulEstimator? rul = null) : IEventHandler<ReadingValidated>, IEventHandler<AnomalyDetected>
{
    private readonly Dictionary<string, long> _rulCycles = [];
    private readonly PredictionOptions _options = options.Value;
    private readonly Dictionary<string, HoltForecaster> _trends = [];
    private readonly Dictionary<string, TrendWindow> _windows = [];
    private readonly Dictionary<string, Dictionary<string, (double Value, string Unit)>> _latest = [];
    private readonly Dictionary<string, DateTimeOffset> _lastPeriodic = [];

    public async Task HandleAsync(ReadingValidated @event, CancellationToken cancellationToken)
    {
        var r = @event.Reading;
        var now = time.GetUtcNow();
        Draft? periodic = null;
        var rulDue = false;
        lock (_trends)
        {
            if (rul is not null && _options.RulEveryCycles > 0 && string.Equals(r.SensorId, _options.RulCycleSensor, StringComparison.OrdinalIgnoreCase))
            {
                var cycles = _rulCycles[r.DeviceId] = _rulCycles.GetValueOrDefault(r.DeviceId) + 1;
                rulDue = cycles % _options.RulEveryCycles == 0;
            }

            Track(r);
            var trend = TrendOf(r);
            LatestOf(r.DeviceId)[r.SensorId] = (r.Value, r.Unit);
            var due = _options.PeriodicInterval > TimeSpan.Zero && trend.Count >= _options.MinHistory &&
                (!_lastPeriodic.TryGetValue(r.DeviceId, out var last) || now - last >= _options.PeriodicInterval);
            if (due)
            {
                _lastPeriodic[r.DeviceId] = now;
                periodic = Forecast(@event.Meta.Next("periodic", now), r, anomalyRisk: 0, "periodic");
            }
        }

        if (rulDue)
        {
            await rul!.EstimateAsync(r.DeviceId, r.Timestamp, cancellationToken);
        }

        if (periodic is not null)
        {
            var prediction = await CompleteAsync(periodic, cancellationToken);
            await predictions.AddAsync(prediction, cancellationToken);
            await bus.PublishAsync(prediction, cancellationToken);
        }
    }

    public async Task HandleAsync(AnomalyDetected @event, CancellationToken cancellationToken)
    {
        Draft draft;
        lock (_trends)
        {
            // The anomalous reading itself may not have reached the trend yet (other consumer): add it here.
            Track(@event.Reading);
            LatestOf(@event.DeviceId)[@event.Reading.SensorId] = (@event.Reading.Value, @event.Reading.Unit);
            draft = Forecast(@event.Meta.Next("predict", time.GetUtcNow()), @event.Reading, AnomalyRisk(@event),
                @event.IncidentId is { } incident
                    ? $"incident {incident} {@event.Severity} score {@event.Score.ToString("F2", CultureInfo.InvariantCulture)}"
                    : $"anomaly {@event.Severity} score {@event.Score.ToString("F2", CultureInfo.InvariantCulture)}") with { IncidentId = @event.IncidentId };
        }

        var prediction = await CompleteAsync(draft, cancellationToken);
        await predictions.AddAsync(prediction, cancellationToken);
        await bus.PublishAsync(prediction, cancellationToken);
    }

    /// <summary>
    /// The anomaly's share of the risk: its combined score or its strongest detector's score, whichever is higher.
    /// The combined score is a likelihood that is held off after an alert and is still 0 while it warms up, so a
    /// Critical spike on a young sensor would otherwise carry no risk (and produce no maintenance order).
    /// </summary>
    internal static double AnomalyRisk(AnomalyDetected anomaly) =>
        Math.Max(anomaly.Score, anomaly.Evidence.Count == 0 ? 0 : anomaly.Evidence.Max(e => e.Score));

    /// <summary>The trend part (under the lock) and a snapshot of the model inputs.</summary>
    private Draft Forecast(EventMeta meta, SensorReading r, double anomalyRisk, string trigger)
    {
        var basis = new List<string> { trigger };
        DateTimeOffset? failureAt = null;
        var urgency = 0.0;
        if (!_options.FailureThresholds.TryGetValue(r.SensorType, out var configured))
        {
            basis.Add($"no failure threshold for {r.SensorType}");
        }
        else if (!UnitConversion.TryConvert(configured.Value, configured.Unit, r.Unit, out var threshold))
        {
            basis.Add($"no failure threshold for {r.SensorType} in {r.Unit} (the threshold is in {configured.Unit})");
        }
        else
        {
            var trend = TrendOf(r);
            if (trend.Level >= threshold)
            {
                failureAt = meta.OccurredAt;
                urgency = 1;
                basis.Add(string.Create(CultureInfo.InvariantCulture, $"already at {trend.Level:G4} {r.Unit} >= threshold {threshold:G4} {r.Unit}"));
            }
            else if (trend.TimeToThreshold(threshold) is { } crossing)
            {
                var ahead = crossing.At - meta.OccurredAt;
                if (Unconfirmed(r, threshold, trend.Level, ahead) is { } doubt)
                {
                    basis.Add(string.Create(CultureInfo.InvariantCulture,
                        $"Holt trend {crossing.TrendPerSecond * 3600:G3}/h would reach {threshold:G4} at {crossing.At:O}, not used: {doubt}"));
                }
                else
                {
                    failureAt = crossing.At;
                    urgency = ahead.TotalHours <= 24 ? 1 : ahead.TotalHours <= 72 ? 0.8 : ahead.TotalHours <= 168 ? 0.5 : 0.2;
                    basis.Add(string.Create(CultureInfo.InvariantCulture, $"Holt trend {crossing.TrendPerSecond * 3600:G3}/h reaches {threshold} at {crossing.At:O}"));
                }
            }
            else
            {
                basis.Add("trend does not reach the failure threshold");
            }
        }

        var latest = LatestOf(r.DeviceId);
        var values = new double[PredictionOptions.InputNames.Length];
        var missing = new List<string>();
        for (var i = 0; i < values.Length; i++)
        {
            var sensorId = _options.ModelInputs[PredictionOptions.InputNames[i]];
            var unit = PredictionOptions.InputUnits[i];
            if (!latest.TryGetValue(sensorId, out var last))
            {
                missing.Add(sensorId);
            }
            else if (!UnitConversion.TryConvert(last.Value, last.Unit, unit, out values[i]))
            {
                // A °C air temperature must reach the model in K; a unit that does not convert is not guessed at.
                missing.Add($"{sensorId} (in {last.Unit}, not convertible to {unit})");
            }
        }

        var inputs = missing.Count > 0 ? null : new ModelInputs(r.DeviceId, values[0], values[1], values[2], values[3], values[4]);
        return new Draft(meta, r, Math.Max(anomalyRisk, urgency), failureAt, basis, inputs, missing);
    }

    private async Task<FailurePredicted> CompleteAsync(Draft d, CancellationToken cancellationToken)
    {
        ModelPrediction? modelResult = null;
        if (d.Inputs is null)
        {
            d.Basis.Add($"model inputs missing: {string.Join(", ", d.Missing)}");
        }
        else
        {
            modelResult = await model.PredictAsync(d.Inputs, cancellationToken);
            d.Basis.Add(modelResult is null
                ? "no production model"
                : string.Create(CultureInfo.InvariantCulture, $"model {modelResult.ModelVersion}: p={modelResult.Probability:F3} mode {modelResult.Mode ?? "-"}"));
        }

        var risk = Math.Clamp(Math.Max(modelResult?.Probability ?? 0, d.Risk), 0, 1);
        return new FailurePredicted(d.Meta, d.Reading.SensorId, d.Reading.SensorType, risk, modelResult?.Probability, modelResult?.Mode,
            modelResult?.ModelVersion, d.FailureAt, string.Join("; ", d.Basis), d.IncidentId);
    }

    /// <summary>Why a Holt crossing is not trusted (the window's slope is not significant toward the threshold, or the crossing lies too far beyond what was observed), or null.</summary>
    private string? Unconfirmed(SensorReading r, double threshold, double level, TimeSpan horizon)
    {
        if (_windows[$"{r.DeviceId}/{r.SensorId}"].Fit() is not { } fit)
        {
            return "too few readings to confirm a trend";
        }

        var toward = Math.Sign(threshold - level) * fit.T;
        if (!(toward >= _options.MinTrendT))
        {
            return string.Create(CultureInfo.InvariantCulture, $"the slope of the last readings is not significant toward it (t = {toward:F1} < {_options.MinTrendT})");
        }

        return horizon > fit.Span * _options.MaxHorizonFactor
            ? string.Create(CultureInfo.InvariantCulture, $"{horizon.TotalHours:F1} h ahead is more than {_options.MaxHorizonFactor} x the {fit.Span.TotalHours:F2} h observed")
            : null;
    }

    private HoltForecaster TrendOf(SensorReading r)
    {
        var key = $"{r.DeviceId}/{r.SensorId}";
        if (!_trends.TryGetValue(key, out var trend))
        {
            trend = new HoltForecaster(new HoltOptions { Alpha = _options.Alpha, Beta = _options.Beta });
            _trends[key] = trend;
            _windows[key] = new TrendWindow(_options.TrendWindow);
        }

        return trend;
    }

    /// <summary>Adds a reading to the sensor's Holt forecaster and to its confirmation window.</summary>
    private void Track(SensorReading r)
    {
        var trend = TrendOf(r);
        var window = _windows[$"{r.DeviceId}/{r.SensorId}"];
        // An anomalous reading arrives twice (ReadingValidated and AnomalyDetected, on two consumers, either first):
        // counted once, or the trend would lean toward every anomaly.
        if (window.Contains(r.ReadingId))
        {
            return;
        }

        trend.Update(r.Timestamp, r.Value);
        window.Add(r.ReadingId, r.Timestamp, r.Value);
    }

    private Dictionary<string, (double Value, string Unit)> LatestOf(string deviceId)
    {
        if (!_latest.TryGetValue(deviceId, out var latest))
        {
            latest = new Dictionary<string, (double Value, string Unit)>(StringComparer.OrdinalIgnoreCase);
            _latest[deviceId] = latest;
        }

        return latest;
    }

    private sealed record Draft(EventMeta Meta, SensorReading Reading, double Risk, DateTimeOffset? FailureAt, List<string> Basis,
        ModelInputs? Inputs, List<string> Missing, long? IncidentId = null);
}
