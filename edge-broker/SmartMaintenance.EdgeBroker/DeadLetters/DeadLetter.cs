using System.Text.Json.Serialization;

namespace SmartMaintenance.EdgeBroker.DeadLetters;

/// <summary>A message the broker refused to forward, with why, where from and (a truncated copy of) what.</summary>
public sealed record DeadLetter
{
    [JsonPropertyName("at")] public DateTimeOffset At { get; init; }
    [JsonPropertyName("reason")] public string Reason { get; init; } = "";
    [JsonPropertyName("topic")] public string Topic { get; init; } = "";
    [JsonPropertyName("client_id")] public string ClientId { get; init; } = "";
    /// <summary>The payload as UTF-8 text when it is valid UTF-8, else base64 (see <see cref="PayloadEncoding"/>).</summary>
    [JsonPropertyName("payload")] public string Payload { get; init; } = "";
    [JsonPropertyName("payload_encoding")] public string PayloadEncoding { get; init; } = "utf8";
    [JsonPropertyName("payload_bytes")] public long PayloadBytes { get; init; }
    [JsonPropertyName("truncated")] public bool Truncated { get; init; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DeadLetter))]
[JsonSerializable(typeof(List<DeadLetter>))]
internal sealed partial class DeadLetterJsonContext : JsonSerializerContext;
