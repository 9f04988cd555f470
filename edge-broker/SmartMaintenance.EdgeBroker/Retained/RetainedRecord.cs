using System.Buffers;
using System.Text;
using System.Text.Json.Serialization;
using MQTTnet;
using MQTTnet.Packets;
using MQTTnet.Protocol;

namespace SmartMaintenance.EdgeBroker.Retained;

/// <summary>
/// One retained message as saved: what a subscriber receives. The message expiry interval is not kept, because
/// MQTTnet's retained store does not expire messages and no publisher here sets one.
/// </summary>
internal sealed record RetainedRecord
{
    [JsonPropertyName("topic")] public string? Topic { get; init; }
    [JsonPropertyName("qos")] public int Qos { get; init; }
    /// <summary>Base64 in the file (System.Text.Json's form of byte[]).</summary>
    [JsonPropertyName("payload")] public byte[]? Payload { get; init; }
    [JsonPropertyName("content_type")] public string? ContentType { get; init; }
    [JsonPropertyName("payload_format")] public int PayloadFormat { get; init; }
    [JsonPropertyName("response_topic")] public string? ResponseTopic { get; init; }
    [JsonPropertyName("correlation_data")] public byte[]? CorrelationData { get; init; }
    [JsonPropertyName("user_properties")] public List<RetainedUserProperty>? UserProperties { get; init; }

    /// <summary>What the record counts against Broker:Retained:MaxBytes: topic and payload.</summary>
    [JsonIgnore]
    public long Bytes => Encoding.UTF8.GetByteCount(Topic ?? "") + (Payload?.LongLength ?? 0);

    /// <summary>A copy: the payload is copied out of MQTTnet's buffers, so the record stays valid after the event.</summary>
    public static RetainedRecord From(MqttApplicationMessage message) => new()
    {
        Topic = message.Topic,
        Qos = (int)message.QualityOfServiceLevel,
        Payload = message.Payload.ToArray(),
        ContentType = message.ContentType,
        PayloadFormat = (int)message.PayloadFormatIndicator,
        ResponseTopic = message.ResponseTopic,
        CorrelationData = message.CorrelationData,
        UserProperties = message.UserProperties is { Count: > 0 } properties
            ? [.. properties.Select(p => new RetainedUserProperty(p.Name, p.ValueBuffer.ToArray()))]
            : null,
    };

    /// <summary>Null when the record cannot be a retained message (hand-edited or damaged file).</summary>
    public string? Problem()
    {
        if (string.IsNullOrEmpty(Topic) || Topic.Contains('+') || Topic.Contains('#') || Topic.Contains('\0'))
        {
            return "topic missing or not a topic name";
        }

        if (Payload is not { Length: > 0 })
        {
            // A zero-byte retained message is a deletion (MQTT-3.3.1-10), never stored.
            return "payload missing";
        }

        if (UserProperties?.Any(p => p is not { Name: not null, Value: not null }) == true)
        {
            return "user property without name or value";
        }

        return Qos is < 0 or > 2 ? "qos not 0-2" : null;
    }

    public MqttApplicationMessage ToMessage()
    {
        var builder = new MqttApplicationMessageBuilder()
            .WithTopic(Topic)
            .WithPayload(Payload)
            .WithQualityOfServiceLevel((MqttQualityOfServiceLevel)Qos)
            .WithRetainFlag()
            .WithPayloadFormatIndicator((MqttPayloadFormatIndicator)PayloadFormat);
        if (ContentType is not null)
        {
            builder.WithContentType(ContentType);
        }

        if (ResponseTopic is not null)
        {
            builder.WithResponseTopic(ResponseTopic);
        }

        if (CorrelationData is not null)
        {
            builder.WithCorrelationData(CorrelationData);
        }

        foreach (var property in UserProperties ?? [])
        {
            builder.WithUserProperty(property.Name, new ReadOnlyMemory<byte>(property.Value));
        }

        return builder.Build();
    }
}

/// <summary>An MQTT 5 user property; the value as the bytes MQTTnet holds (base64 in the file).</summary>
internal sealed record RetainedUserProperty(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("value")] byte[] Value);

/// <summary>The whole file: a format version and the messages.</summary>
internal sealed record RetainedFileContent
{
    public const int CurrentVersion = 1;

    [JsonPropertyName("v")] public int Version { get; init; }
    [JsonPropertyName("messages")] public List<RetainedRecord>? Messages { get; init; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RetainedFileContent))]
internal sealed partial class RetainedJsonContext : JsonSerializerContext;
