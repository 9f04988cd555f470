using System.Globalization;
using Microsoft.Extensions.Localization;

namespace SmartMaintenance.Cloud.Dashboard.Localization;

/// <summary>
/// A sensor type as people say it ("rotational_speed" -> "Rotational speed" / "Velocidade de rotação") from the
/// resources (SensorType.{type}); a type nobody named yet is made readable (underscores to spaces, first letter up).
/// </summary>
public static class SensorNames
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> LabelsByCulture = new(StringComparer.Ordinal);

    /// <summary>
    /// Every named type and its label in the request's language, as JSON for the live script (data-type-labels on
    /// the body); built once per culture, since the resources do not change while the host runs.
    /// </summary>
    public static string LabelsJson(IStringLocalizer text) =>
        LabelsByCulture.GetOrAdd(CultureInfo.CurrentUICulture.Name, _ => System.Text.Json.JsonSerializer.Serialize(
            text.GetAllStrings(includeParentCultures: true).Where(s => s.Name.StartsWith("SensorType.", StringComparison.Ordinal))
                .GroupBy(s => s.Name["SensorType.".Length..], StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value)));

    public static string Label(string? type, IStringLocalizer text)
    {
        if (string.IsNullOrEmpty(type))
        {
            return "";
        }

        if (text["SensorType." + type.ToLowerInvariant()] is { ResourceNotFound: false } label)
        {
            return label.Value;
        }

        var words = type.Replace('_', ' ').Replace('-', ' ').Trim();
        return words.Length == 0 ? type : char.ToUpper(words[0], CultureInfo.CurrentCulture) + words[1..];
    }
}
