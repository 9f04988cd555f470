using System.Globalization;
using System.Text.Json.Serialization;

namespace SmartMaintenance.Cloud.Agents.Events;

/// <summary>
/// A sentence an agent shows to people, kept so that any language can say it: a stable code (the dashboard's
/// resource key is "AgentText." + code) and its arguments in invariant form — numbers round-trip ("R"), times
/// ISO 8601 ("O"), enums by name, agent sentences (a prediction's basis, an order's note) as the agent wrote
/// them. <see cref="English"/> is the same sentence in English, for the API, the logs and older readers.
/// </summary>
public sealed record AgentText(string Code, IReadOnlyList<string> Args)
{
    /// <summary>The English sentence (JSON carries it separately, as the record's Detail).</summary>
    [JsonIgnore]
    public string English { get; init; } = "";

    /// <summary>The code and the arguments, and the English sentence from the composite format (invariant culture).</summary>
    public static AgentText Create(string code, string englishFormat, params object?[] args) =>
        new(code, [.. args.Select(Invariant)]) { English = string.Format(CultureInfo.InvariantCulture, englishFormat, args) };

    private static string Invariant(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
