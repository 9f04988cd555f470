using System.Globalization;
using System.Reflection;

namespace SmartMaintenance.Nab.Runner;

/// <summary>
/// `--set Name=Value` for design exploration: overrides one init-only property of an options record by
/// reflection (int, double or bool). Every override is printed, so a figure can always be traced to its settings.
/// </summary>
public static class OptionOverrides
{
    public static T Apply<T>(T options, IReadOnlyDictionary<string, string> overrides)
        where T : class
    {
        var copy = (T)typeof(T).GetMethod("<Clone>$")!.Invoke(options, null)!;
        foreach (var (name, text) in overrides)
        {
            var property = typeof(T).GetProperty(name, BindingFlags.Public | BindingFlags.Instance)
                ?? throw new ArgumentException($"{typeof(T).Name} has no property '{name}'.");
            object value = property.PropertyType == typeof(int) ? int.Parse(text, CultureInfo.InvariantCulture)
                : property.PropertyType == typeof(double) ? double.Parse(text, CultureInfo.InvariantCulture)
                : property.PropertyType == typeof(bool) ? bool.Parse(text)
                : throw new ArgumentException($"--set supports int, double and bool properties; {name} is {property.PropertyType.Name}.");
            property.SetValue(copy, value);
        }

        return copy;
    }
}
