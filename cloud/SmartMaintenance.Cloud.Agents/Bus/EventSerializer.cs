using System.Text.Json;
using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Bus;

/// <summary>JSON form of events, used for dead letters (and by a future out-of-process transport).</summary>
public static class EventSerializer
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    public static string Serialize(AgentEvent @event) => JsonSerializer.Serialize(@event, @event.GetType(), Options);

    public static AgentEvent Deserialize(string json, Type eventType) =>
        (AgentEvent?)JsonSerializer.Deserialize(json, eventType, Options)
        ?? throw new JsonException($"empty {eventType.Name} payload");

    /// <summary>From UTF-8 bytes as a message broker hands them over (no string in between).</summary>
    public static AgentEvent Deserialize(ReadOnlySpan<byte> utf8Json, Type eventType) =>
        (AgentEvent?)JsonSerializer.Deserialize(utf8Json, eventType, Options)
        ?? throw new JsonException($"empty {eventType.Name} payload");
}
