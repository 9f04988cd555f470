using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.AnomalyDetection;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Metrics;
using SmartMaintenance.Cloud.Agents.Units;

namespace SmartMaintenance.Cloud.Agents.Validation;

/// <summary>
/// Agent 2: ReadingReceived -> ReadingValidated | ReadingRejected(rule, reason). Rules in order: timestamp
/// sanity, range, duplicate, rate of change, stuck sensor (a run of identical values, the device's own stuck
/// verdict, or a summary without variance). Range and rate are checked in the unit the limits
/// are written in (a reading in K against °C limits is converted first). State is per sensor: calls for
/// different sensors may run concurrently, calls for one sensor must come one at a time (in order).
/// <para>
/// A sensor this process holds no memory of (after a start, or when its bus partition moved here from another instance)
/// is rebuilt first: its stored readings before the one being handled (the last RebuildMaxReadings within RebuildWindow)
/// go through a scratch copy of the rules, judged at their own time, and the memory that leaves (duplicates, last
/// plausible value, identical run) becomes this sensor's. docs/scale-out.md, "State on takeover", says what can differ.
/// </para>
/// </summary>
public sealed partial class ValidationAgent(IEventBus bus, TimeProvider time, IOptions<ValidationOptions> options, AgentMetrics metrics,
    IMachineHistory? history = null, ILogger<ValidationAgent>? logger = null)
    : IEventHandler<ReadingReceived>
{
    /// <summary>The rule of a stuck sensor's rejection (whoever found it); the notification agent tells people of these.</summary>
    public const string StuckRule = "stuck";

    /// <summary>The wire contract's kind of a periodic summary (MessageKinds.Summary).</summary>
    private const string SummaryKind = "s";

    private readonly ValidationOptions _options = options.Value;

    /// <summary>The options as given, for the scratch agent of a rebuild.</summary>
    private readonly IOptions<ValidationOptions> _given = options;
    private readonly ConcurrentDictionary<(string DeviceId, string SensorId, bool Summary), SensorHistory> _sensors = new();
    private readonly ConcurrentDictionary<(string Type, string Unit), ResolvedLimits?> _resolved = new();

    /// <summary>Sensors whose memory this process has (rebuilt or grown here); a sensor not in it is rebuilt first.</summary>
    private readonly ConcurrentDictionary<(string DeviceId, string SensorId), byte> _known = new();

    public async Task HandleAsync(ReadingReceived @event, CancellationToken cancellationToken)
    {
        var reading = @event.Reading;
        if (!_known.ContainsKey((reading.DeviceId, reading.SensorId)))
        {
            // One consumer per sensor (Ordering.PerSensor): nobody touches this sensor's memory meanwhile.
            await RebuildAsync(reading, cancellationToken);
        }

        var now = time.GetUtcNow();
        var (rule, reason) = Check(reading, now);
        AgentEvent next = rule is null
            ? new ReadingValidated(@event.Meta.Next("valid", now), reading)
            : new ReadingRejected(@event.Meta.Next("rejected", now), reading, rule, reason!);
        await bus.PublishAsync(next, cancellationToken);
        if (rule is not null)
        {
            metrics.Rejected(rule);
        }
    }

    /// <summary>
    /// Forgets the sensors <paramref name="inPartition"/> selects (device, sensor): their partition moved to or from
    /// another instance, so this memory misses what was handled there. Called with no delivery of theirs in flight
    /// (IPartitionOwnership.Changed); their next reading here rebuilds them from the store. Returns how many.
    /// </summary>
    internal int Forget(Func<string, string, bool> inPartition)
    {
        var dropped = 0;
        foreach (var (deviceId, sensorId) in _known.Keys)
        {
            if (inPartition(deviceId, sensorId) && _known.TryRemove((deviceId, sensorId), out _))
            {
                _sensors.TryRemove((deviceId, sensorId, false), out _);
                _sensors.TryRemove((deviceId, sensorId, true), out _);
                dropped++;
            }
        }

        return dropped;
    }

    /// <summary>
    /// The memory of <paramref name="first"/>'s sensor from its stored readings before it: a scratch agent judges them in
    /// id order (the order acquisition published them in) at their own time, since the wall clock of their arrival is
    /// not stored; its memory of the sensor (readings and summaries) is taken over. Nothing is published or counted.
    /// </summary>
    private async Task RebuildAsync(SensorReading first, CancellationToken cancellationToken)
    {
        if (history is not null && _options.RebuildWindow > TimeSpan.Zero && _options.RebuildMaxReadings > 0 && first.ReadingId > 0)
        {
            var since = first.Timestamp.UtcTicks > DateTimeOffset.MinValue.UtcTicks + _options.RebuildWindow.Ticks
                ? first.Timestamp - _options.RebuildWindow
                : DateTimeOffset.MinValue; // a reading stamped near year 1 (the timestamp rule rejects it)
            var past = await history.ReadSensorAsync(first.DeviceId, first.SensorId, first.ReadingId, since, _options.RebuildMaxReadings,
                cancellationToken);
            var scratch = new ValidationAgent(bus, time, _given, metrics);
            foreach (var r in past)
            {
                scratch.Check(r, r.Timestamp);
            }

            foreach (var summary in (bool[])[false, true])
            {
                if (scratch._sensors.TryGetValue((first.DeviceId, first.SensorId, summary), out var memory))
                {
                    _sensors[(first.DeviceId, first.SensorId, summary)] = memory;
                }
            }

            if (logger is not null)
            {
                LogRebuilt(logger, first.DeviceId, first.SensorId, past.Count, first.ReadingId);
            }
        }

        _known[(first.DeviceId, first.SensorId)] = 0;
    }

    internal (string? Rule, string? Reason) Check(SensorReading r, DateTimeOffset now)
    {
        if (r.Timestamp > now + _options.MaxFutureSkew)
        {
            return ("timestamp", $"timestamp {r.Timestamp:O} lies more than {_options.MaxFutureSkew} in the future");
        }

        if (r.Timestamp < now - _options.MaxAge)
        {
            return ("timestamp", $"timestamp {r.Timestamp:O} is older than {_options.MaxAge}");
        }

        var limits = _resolved.GetOrAdd((r.SensorType, r.Unit), static (key, options) => Resolve(options, key.Type, key.Unit), _options);
        if (limits is not null)
        {
            var value = r.Value * limits.Scale + limits.Offset;
            var l = limits.Limits;
            if (value < l.Min || value > l.Max)
            {
                var converted = limits.Unit == r.Unit ? "" : $" ({value:G6} {limits.Unit})";
                return ("range", $"{r.Value} {r.Unit}{converted} is outside [{l.Min}, {l.Max}] {limits.Unit} for {r.SensorType}");
            }
        }

        // A periodic summary's value is the mean over its period, not a sample: it is sent a few ms after the
        // period's last reading, so comparing it with that reading would make a "rate" of thousands per second,
        // and a run of equal summaries is no stuck sensor (a summary without variance is: ZeroVarianceSummary).
        // Summaries are checked for duplicates on their own.
        var summary = r.Kind == SummaryKind;
        var history = _sensors.GetOrAdd((r.DeviceId, r.SensorId, summary), static (_, memory) => new SensorHistory(memory), _options.DuplicateMemory);

        if (!history.Remember(r.Timestamp))
        {
            return ("duplicate", $"a reading of {r.SensorId} at {r.Timestamp:O} was already received");
        }

        if (r.Stuck == true)
        {
            // A pre-filtering device sends only this one anomaly for the whole run, so the cloud never sees
            // StuckCount equal values itself: the device's verdict is the evidence. Judged before the rate: the
            // cloud's last value of this sensor may be from long before the run began.
            if (!summary)
            {
                history.Advance(r.Timestamp, r.Value);
            }

            return (StuckRule, $"the device reported {r.SensorId} stuck at {r.Value} {r.Unit}: no change over its filter's stuck window");
        }

        if (summary)
        {
            return ZeroVarianceSummary(r) is { } flat ? (StuckRule, flat) : (null, null);
        }

        if (history.Last is { } last && limits is not null && r.Timestamp > last.Timestamp)
        {
            var rate = Math.Abs(r.Value - last.Value) * limits.Scale / (r.Timestamp - last.Timestamp).TotalSeconds;
            if (rate > limits.Limits.MaxRatePerSecond)
            {
                // Not remembered as "last": the next reading is compared with the last plausible one.
                return ("rate", $"changed {rate:G4} {limits.Unit}/s, faster than {limits.Limits.MaxRatePerSecond} for {r.SensorType}");
            }
        }

        history.Advance(r.Timestamp, r.Value);
        if (history.IdenticalRun >= _options.StuckCount)
        {
            return (StuckRule, $"{history.IdenticalRun} identical consecutive values ({r.Value}); the sensor looks stuck");
        }

        return (null, null);
    }

    /// <summary>
    /// The reason when a summary shows at least StuckCount samples without any spread (sd 0 and, when sent, min =
    /// max): that many identical values in a row, which the rule for plain readings calls a stuck sensor too. Fewer
    /// samples are not judged (a summary of two equal samples is no evidence), nor a summary whose figures disagree.
    /// </summary>
    private string? ZeroVarianceSummary(SensorReading r)
    {
        if (r.SummaryCount is not { } n || n < _options.StuckCount || r.SummaryStd is not 0.0)
        {
            return null;
        }

        if (r.SummaryMin is { } min && r.SummaryMax is { } max && min != max)
        {
            return null;
        }

        return $"the summary of {n} samples of {r.SensorId} has no variance (sd 0, all {r.Value} {r.Unit}); the sensor looks stuck";
    }

    /// <summary>The limits of a (type, unit), and the linear map value * Scale + Offset into their unit.</summary>
    private sealed record ResolvedLimits(SensorLimits Limits, string Unit, double Scale, double Offset);

    private static ResolvedLimits? Resolve(ValidationOptions options, string type, string unit)
    {
        if (!options.Limits.TryGetValue(type, out var units))
        {
            return null;
        }

        if (units.TryGetValue(unit, out var exact))
        {
            return new ResolvedLimits(exact, unit, 1, 0);
        }

        foreach (var (limitsUnit, limits) in units.OrderBy(u => u.Key, StringComparer.Ordinal))
        {
            if (UnitConversion.TryScale(unit, limitsUnit, out var scale) && UnitConversion.TryConvert(0, unit, limitsUnit, out var offset))
            {
                return new ResolvedLimits(limits, limitsUnit, scale, offset);
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Rebuilt the validation memory of {DeviceId}/{SensorId} from {Replayed} stored readings before reading {ReadingId}")]
    private static partial void LogRebuilt(ILogger logger, string deviceId, string sensorId, int replayed, long readingId);

    private sealed class SensorHistory(int memory)
    {
        private readonly HashSet<DateTimeOffset> _seen = [];
        private readonly Queue<DateTimeOffset> _order = new();

        public (DateTimeOffset Timestamp, double Value)? Last { get; private set; }

        public int IdenticalRun { get; private set; }

        public bool Remember(DateTimeOffset timestamp)
        {
            if (!_seen.Add(timestamp))
            {
                return false;
            }

            _order.Enqueue(timestamp);
            if (_order.Count > memory)
            {
                _seen.Remove(_order.Dequeue());
            }

            return true;
        }

        public void Advance(DateTimeOffset timestamp, double value)
        {
            IdenticalRun = Last is { } last && last.Value.Equals(value) ? IdenticalRun + 1 : 1;
            if (Last is null || timestamp >= Last.Value.Timestamp)
            {
                Last = (timestamp, value);
            }
        }
    }
}
