using System.Globalization;
using SmartMaintenance.VirtualDevice.Machine;

namespace SmartMaintenance.VirtualDevice.Faults;

/// <summary>
/// One injected fault, from --fault kind:target:start:duration[:magnitude] (start and duration in sample ticks).
/// Sensor faults: spike, drift, stuck, noise, dropout with a sensor id or type as target. Machine faults: runup
/// with a failure mode (twf, hdf, pwf, osf, rnf) as target drives the physics toward that failure.
/// </summary>
internal sealed record FaultSpec(FaultKind Kind, int Sensor, FailureMode Mode, long Start, long Duration, double? Magnitude)
{
    public const string Help = """
          --fault <spec>           repeatable; kind:target:start:duration[:magnitude], ticks counted per device
                                   spike:vibration:100:1[:add]      one sample offset (default +25 % of the value)
                                   drift:process-temp:50:500[:total] linear offset reaching total (default +10 %)
                                   stuck:motor-current:200:300      the sensor repeats its last value
                                   noise:torque:300:50[:sd]         extra Gaussian noise (default sd 5 % of the value)
                                   dropout:speed:400:20             reads fail (NaN: rejected and counted)
                                   runup:hdf|pwf|osf|twf|rnf:100:400  physics driven toward that failure mode
        """;

    public bool IsActive(long tick) => tick >= Start && (Kind == FaultKind.Drift ? true : tick < Start + Math.Max(1, Duration));

    public static FaultSpec Parse(string text)
    {
        var parts = text.Split(':');
        if (parts.Length is < 4 or > 5)
        {
            throw new ArgumentException($"fault '{text}': expected kind:target:start:duration[:magnitude]");
        }

        var kind = parts[0].ToLowerInvariant() switch
        {
            "spike" => FaultKind.Spike,
            "drift" => FaultKind.Drift,
            "stuck" => FaultKind.Stuck,
            "noise" => FaultKind.NoiseBurst,
            "dropout" => FaultKind.Dropout,
            "runup" => FaultKind.RunUp,
            _ => throw new ArgumentException($"fault '{text}': unknown kind '{parts[0]}'"),
        };
        var start = long.Parse(parts[2], CultureInfo.InvariantCulture);
        var duration = long.Parse(parts[3], CultureInfo.InvariantCulture);
        double? magnitude = parts.Length == 5 ? double.Parse(parts[4], CultureInfo.InvariantCulture) : null;
        if (kind == FaultKind.RunUp)
        {
            var mode = parts[1].ToLowerInvariant() switch
            {
                "twf" => FailureMode.ToolWear,
                "hdf" => FailureMode.HeatDissipation,
                "pwf" => FailureMode.Power,
                "osf" => FailureMode.Overstrain,
                "rnf" => FailureMode.Random,
                _ => throw new ArgumentException($"fault '{text}': unknown failure mode '{parts[1]}' (twf, hdf, pwf, osf, rnf)"),
            };
            return new FaultSpec(kind, -1, mode, start, duration, magnitude);
        }

        var sensor = MachineSensors.IndexOf(parts[1]);
        if (sensor < 0)
        {
            throw new ArgumentException($"fault '{text}': unknown sensor '{parts[1]}' ({string.Join(", ", MachineSensors.Ids)})");
        }

        return new FaultSpec(kind, sensor, FailureMode.None, start, duration, magnitude);
    }
}

internal enum FaultKind
{
    Spike,
    Drift,
    Stuck,
    NoiseBurst,
    Dropout,
    RunUp,
}
