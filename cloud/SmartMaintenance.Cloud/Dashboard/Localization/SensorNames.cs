using System.Globalization;
using Microsoft.Extensions.Localization;

namespace SmartMaintenance.Cloud.Dashboard.Localization;

/// <summary>
/// A sensor type as people say it ("rotational_speed" -> "Rotational speed" / "Velocidade de rotação") from the
/// resources (SensorType.{type}); a type nobody named yet is made readable (underscores to spaces, first letter up).
/// </summary>
public static class SensorNames
{
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
