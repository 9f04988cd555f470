using System.Text.Json.Serialization;

namespace SmartMaintenance.Cloud.Agents.Events;

/// <summary>
/// What every event carries: its own id, the device, the correlation id that started the chain and the UTC time.
/// Child ids are derived from the parent id (<see cref="Next"/>), so re-handling an event produces the same
/// child ids and downstream handlers recognise the repeat (idempotency across retries and replays).
/// </summary>
public sealed record EventMeta(string EventId, string DeviceId, string CorrelationId, DateTimeOffset OccurredAt)
{
    public EventMeta Next(string step, DateTimeOffset now) => new($"{EventId}/{step}", DeviceId, CorrelationId, now);
}

/// <summary>Base of every pipeline event: a past-tense fact.</summary>
public abstract record AgentEvent(EventMeta Meta)
{
    [JsonIgnore] public string EventId => Meta.EventId;
    [JsonIgnore] public string DeviceId => Meta.DeviceId;
    [JsonIgnore] public string CorrelationId => Meta.CorrelationId;
}

/// <summary>An event about one stored reading: the bus can keep the events of one sensor in order (Ordering.PerSensor).</summary>
public interface IReadingEvent
{
    SensorReading Reading { get; }
}
