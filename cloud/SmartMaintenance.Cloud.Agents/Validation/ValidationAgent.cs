using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Validation;

/// <summary>
/// Agent 2: ReadingReceived -> ReadingValidated | ReadingRejected(rule, reason). Rules in order: timestamp
/// sanity, range, duplicate, rate of change, stuck sensor. State is per sensor; one consumer calls it at a time.
/// </summary>
public sealed class ValidationAgent(IEventBus bus, TimeProvider time, IOptions<ValidationOptions> options)
    : IEventHandler<ReadingReceived>
{
    private readonly ValidationOptions _options = options.Value;
    private readonly Dictionary<string, SensorHistory> _sensors = [];

    public async Task HandleAsync(ReadingReceived @event, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var reading = @event.Reading;
        var (rule, reason) = Check(reading, now);
        AgentEvent next = rule is null
            ? new ReadingValidated(@event.Meta.Next("valid", now), reading)
            : new ReadingRejected(@event.Meta.Next("rejected", now), reading, rule, reason!);
        await bus.PublishAsync(next, cancellationToken);
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

        _options.Limits.TryGetValue(r.SensorType, out var limits);
        if (limits is not null && (r.Value < limits.Min || r.Value > limits.Max))
        {
            return ("range", $"{r.Value} {r.Unit} is outside [{limits.Min}, {limits.Max}] for {r.SensorType}");
        }

        var key = $"{r.DeviceId}/{r.SensorId}";
        if (!_sensors.TryGetValue(key, out var history))
        {
            history = new SensorHistory(_options.DuplicateMemory);
            _sensors[key] = history;
        }

        if (!history.Remember(r.Timestamp))
        {
            return ("duplicate", $"a reading of {r.SensorId} at {r.Timestamp:O} was already received");
        }

        if (history.Last is { } last && limits is not null && r.Timestamp > last.Timestamp)
        {
            var rate = Math.Abs(r.Value - last.Value) / (r.Timestamp - last.Timestamp).TotalSeconds;
            if (rate > limits.MaxRatePerSecond)
            {
                // Not remembered as "last": the next reading is compared with the last plausible one.
                return ("rate", $"changed {rate:G4} {r.Unit}/s, faster than {limits.MaxRatePerSecond} for {r.SensorType}");
            }
        }

        history.Advance(r.Timestamp, r.Value);
        if (history.IdenticalRun >= _options.StuckCount)
        {
            return ("stuck", $"{history.IdenticalRun} identical consecutive values ({r.Value}); the sensor looks stuck");
        }

        return (null, null);
    }

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
