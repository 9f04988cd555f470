using System.Globalization;
using System.Reflection;
using SmartMaintenance.Cloud.Detection.Machine;

namespace SmartMaintenance.Detect.Evaluations;

/// <summary>
/// The options an evaluation runs the alert path with: the product's defaults, plus any <c>--set Name=Value</c>
/// (a property of <see cref="MachineDetectorOptions"/> or <see cref="IncidentRuleOptions"/>) for exploring a
/// candidate design without a rebuild. The run prints what it overrode, so a table always says what produced it.
/// </summary>
internal static class EvalOptions
{
    public static MachineDetectorOptions Detector(IReadOnlyList<string> args, int? baseline = null)
    {
        var options = new MachineDetectorOptions();
        Apply(args, options);
        if (baseline is { } b)
        {
            options.BaselineObservations = b;
        }

        return options;
    }

    public static IncidentRuleOptions Incidents(IReadOnlyList<string> args)
    {
        var options = new IncidentRuleOptions();
        Apply(args, options);
        return options;
    }

    /// <summary>The overrides given, for the run's header ("defaults" when none).</summary>
    public static string Describe(IReadOnlyList<string> args)
    {
        var sets = Sets(args).Select(s => $"{s.Name}={s.Value}").ToArray();
        return sets.Length == 0 ? "product defaults" : "defaults with " + string.Join(", ", sets);
    }

    private static IEnumerable<(string Name, string Value)> Sets(IReadOnlyList<string> args)
    {
        for (var i = 0; i + 1 < args.Count; i++)
        {
            if (args[i] != "--set")
            {
                continue;
            }

            var parts = args[i + 1].Split('=', 2);
            if (parts.Length != 2 || parts[0].Length == 0)
            {
                throw new ArgumentException($"--set expects Name=Value, got '{args[i + 1]}'.");
            }

            if (typeof(MachineDetectorOptions).GetProperty(parts[0]) is null && typeof(IncidentRuleOptions).GetProperty(parts[0]) is null)
            {
                throw new ArgumentException($"--set: no option named '{parts[0]}' in MachineDetectorOptions or IncidentRuleOptions.");
            }

            yield return (parts[0], parts[1]);
        }
    }

    private static void Apply(IReadOnlyList<string> args, object options)
    {
        foreach (var (name, value) in Sets(args))
        {
            if (options.GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance) is not { CanWrite: true } property)
            {
                continue;
            }

            var type = property.PropertyType;
            object parsed = type.IsEnum ? Enum.Parse(type, value, ignoreCase: true) : Convert.ChangeType(value, type, CultureInfo.InvariantCulture);
            property.SetValue(options, parsed);
        }
    }
}
