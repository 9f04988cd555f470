using System.Text.Json;
using SmartMaintenance.Cloud.Ml.Data;

namespace SmartMaintenance.Cloud.Ml;

/// <summary>Turns the request's feature map into a reading, naming every missing or non-finite feature.</summary>
internal static class FeatureParser
{
    public static readonly string[] Required = ["Air_temperature_K", "Process_temperature_K", "Rotational_speed_rpm", "Torque_Nm", "Tool_wear_min"];

    public static MachineReading? Parse(Dictionary<string, JsonElement>? features, Dictionary<string, string[]> errors)
    {
        if (features is null)
        {
            errors["features"] = ["features is required: " + string.Join(", ", Required) + " and optional Type (L, M or H; default L)."];
            return null;
        }

        var values = new double[Required.Length];
        for (var i = 0; i < Required.Length; i++)
        {
            var name = Required[i];
            if (!features.TryGetValue(name, out var element) || element.ValueKind == JsonValueKind.Null)
            {
                errors[$"features.{name}"] = [$"{name} is missing."];
            }
            else if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out values[i]) || !double.IsFinite(values[i]))
            {
                errors[$"features.{name}"] = [$"{name} must be a finite number."];
            }
        }

        var type = MachineReading.DefaultType;
        if (features.TryGetValue("Type", out var t) && t.ValueKind != JsonValueKind.Null)
        {
            if (t.ValueKind == JsonValueKind.String && t.GetString() is { Length: 1 } s && "LMH".Contains(s[0], StringComparison.Ordinal))
            {
                type = s[0];
            }
            else
            {
                errors["features.Type"] = ["Type must be \"L\", \"M\" or \"H\" (default L)."];
            }
        }

        return errors.Count > 0 ? null : new MachineReading(type, values[0], values[1], values[2], values[3], values[4]);
    }

    /// <summary>"auto" (any case), a positive integer, or its string form; null when invalid (a 400 naming model_version, not a 404).</summary>
    public static string? Version(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => "auto",
        JsonValueKind.String => element.GetString() is { } s
            && (string.Equals(s, "auto", StringComparison.OrdinalIgnoreCase)
                || (int.TryParse(s, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) && v > 0))
            ? s
            : null,
        JsonValueKind.Number when element.TryGetInt32(out var n) && n > 0 => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => null,
    };
}
