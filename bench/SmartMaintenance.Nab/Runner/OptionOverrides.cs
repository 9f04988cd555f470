using System.Globalization;
using System.Reflection;

namespace SmartMaintenance.Nab.Runner;

/// <summary>
/// `--set Name=Value` for design exploration: overrides one init-only property of an options record by
/// reflection (int, double, bool, an enum, or a comma-separated list of ints). A name the record lacks is
/// skipped, so one --set can reach both the context k-NN and the combined options; every override is printed,
/// so a figure can always be traced to its settings.
/// </summary>
public static class OptionOverrides
{
    public static T Apply<T>(T options, IReadOnlyDictionary<string, string> overrides)
        where T : class
    {
        var copy = (T)typeof(T).GetMethod("<Clone>$")!.Invoke(options, null)!;
        foreach (var (name, text) in overrides)
        {
            var property = typeof(T).GetProperty(name, BindingFlags.Public | BindingFlags.Instance);
            if (property is null)
            {
                continue;
            }

            var type = property.PropertyType;
            object value = type == typeof(int) ? int.Parse(text, CultureInfo.InvariantCulture)
                : type == typeof(double) ? double.Parse(text, CultureInfo.InvariantCulture)
                : type == typeof(bool) ? bool.Parse(text)
                : type.IsEnum ? Enum.Parse(type, text, ignoreCase: true)
                : type == typeof(IReadOnlyList<int>) ? text.Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToArray()
                : throw new ArgumentException($"--set supports int, double, bool, enum and int-list properties; {name} is {type.Name}.");
            property.SetValue(copy, value);
        }

        return copy;
    }

    /// <summary>Names that neither options record has (a typo must not pass silently as "no change").</summary>
    public static IEnumerable<string> Unknown(IReadOnlyDictionary<string, string> overrides, params Type[] records) =>
        overrides.Keys.Where(name => records.All(t => t.GetProperty(name, BindingFlags.Public | BindingFlags.Instance) is null));
}
