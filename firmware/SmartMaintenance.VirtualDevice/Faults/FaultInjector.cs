using SmartMaintenance.VirtualDevice.Machine;

namespace SmartMaintenance.VirtualDevice.Faults;

/// <summary>Applies the configured faults to the machine (run-ups) and to each reading (sensor faults).</summary>
internal sealed class FaultInjector(IReadOnlyList<FaultSpec> faults)
{
    private readonly float[] _held = new float[MachineSensors.Count];
    private readonly bool[] _holding = new bool[MachineSensors.Count];

    /// <summary>Before the machine steps: set or clear the run-up toward a failure mode.</summary>
    public void BeforeStep(MachineModel machine, long tick)
    {
        machine.RunUpMode = FailureMode.None;
        machine.RunUpProgress = 0;
        foreach (var f in faults)
        {
            if (f.Kind != FaultKind.RunUp || !f.IsActive(tick))
            {
                continue;
            }

            machine.RunUpMode = f.Mode;
            machine.RunUpProgress = Math.Min(1.0, (tick - f.Start + 1) / (double)Math.Max(1, f.Duration));
            if (f.Mode == FailureMode.Random && tick == f.Start + f.Duration - 1)
            {
                // A random failure has no precursor: it is forced at the end of its window.
                machine.RunUpProgress = 1;
            }
        }
    }

    /// <summary>The reading as the faulty sensor delivers it.</summary>
    public float Apply(int sensor, float value, long tick, MachineModel machine)
    {
        var stuck = false;
        foreach (var f in faults)
        {
            if (f.Sensor != sensor || !f.IsActive(tick))
            {
                continue;
            }

            switch (f.Kind)
            {
                case FaultKind.Spike:
                    value += (float)(f.Magnitude ?? Math.Abs(value) * 0.25);
                    break;
                case FaultKind.Drift:
                    var progress = Math.Min(1.0, (tick - f.Start) / (double)Math.Max(1, f.Duration));
                    value += (float)(progress * (f.Magnitude ?? Math.Abs(value) * 0.10));
                    break;
                case FaultKind.NoiseBurst:
                    value += (float)((f.Magnitude ?? Math.Abs(value) * 0.05) * machine.NextGaussian());
                    break;
                case FaultKind.Dropout:
                    value = float.NaN;
                    break;
                case FaultKind.Stuck:
                    stuck = true;
                    break;
            }
        }

        if (stuck)
        {
            if (!_holding[sensor])
            {
                _holding[sensor] = true;
                _held[sensor] = value;
            }

            return _held[sensor];
        }

        _holding[sensor] = false;
        return value;
    }
}
