using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmartMaintenance.Contracts;

/// <summary>
/// A flag as the wire writes it: the integer 1 (set) or 0 (clear), not a JSON boolean, because the firmware's
/// encoder writes integers only and every byte crosses the radio link. Anything else is a JsonException, which the
/// cloud's batch parser turns into a refusal of that one item.
/// </summary>
public sealed class WireFlagConverter : JsonConverter<bool?>
{
    public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var flag) && flag is 0 or 1
            ? flag == 1
            : throw new JsonException("expected 0 or 1");

    public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
    {
        if (value is { } flag)
        {
            writer.WriteNumberValue(flag ? 1 : 0);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
