using SmartMaintenance.Firmware.Core.Statistics;

namespace SmartMaintenance.VirtualDevice.Machine;

/// <summary>
/// A milling machine stepped once per process step, after the generator of the AI4I 2020 data set (Matzka 2020,
/// see shared/datasets/ai4i2020/ATTRIBUTION.md): air temperature a random walk around 300 K (sd 2 K), process
/// temperature air + 10 K with its own walk (sd 1 K), torque normal around 40 Nm (sd 10, no negatives), speed
/// from a 2860 W power with normal noise, tool wear +2/+3/+5 min per step for L/M/H, and the five failure modes.
/// Motor current and vibration are derived (they are not in the data set): current from the mechanical power on
/// a 400 V three-phase motor, vibration RMS from speed, torque and tool wear, computed by the firmware core's
/// window features over simulated velocity samples as the board does with the accelerometer.
/// </summary>
internal sealed class MachineModel
{
    // Ornstein-Uhlenbeck walks: x += theta (mean - x) + sigma N(0,1) has stationary sd sigma / sqrt(2 theta).
    private const double WalkTheta = 0.02;
    private static readonly double AirSigma = 2.0 * Math.Sqrt(2 * WalkTheta);
    private static readonly double ProcessSigma = 1.0 * Math.Sqrt(2 * WalkTheta);

    // The paper derives speed from 2860 W; with the data set's torque (mean 40 Nm) that power alone gives about
    // 680 rpm, while the data set's mean speed is about 1540 rpm. This factor calibrates the constant-power
    // hyperbola to the data set's operating point (so torque x speed averages about 6.4 kW, inside its 3.5-9 kW
    // power-failure band).
    private const double GearRatio = 2.25;
    private const double NominalPowerW = 2860;

    private readonly Random _random;
    private readonly ProductQuality _quality;
    private readonly WindowFeatures _vibrationWindow = new(32);
    private double _air = 300;
    private double _processOffset;
    private double _toolLimit;

    public MachineModel(int seed, ProductQuality quality)
    {
        _random = new Random(seed);
        _quality = quality;
        _air = 300 + Gaussian() * 2;
        _toolLimit = NextToolLimit();
    }

    public double AirK { get; private set; }
    public double ProcessK { get; private set; }
    public double SpeedRpm { get; private set; }
    public double TorqueNm { get; private set; }
    public double ToolWearMin { get; private set; }
    public double CurrentA { get; private set; }
    public double VibrationMmS { get; private set; }
    public long Steps { get; private set; }

    /// <summary>The failure of the last step, or None.</summary>
    public FailureMode LastFailure { get; private set; }

    public int[] FailureCounts { get; } = new int[6];

    /// <summary>Set by a run-up fault: the mode being driven toward, and how far (0..1).</summary>
    public FailureMode RunUpMode { get; set; }

    public double RunUpProgress { get; set; }

    /// <summary>One process step: new operating point, derived signals, failure check.</summary>
    public void Step()
    {
        Steps++;
        _air += WalkTheta * (300 - _air) + AirSigma * Gaussian();
        _processOffset += WalkTheta * (0 - _processOffset) + ProcessSigma * Gaussian();
        var difference = 10 + _processOffset;
        var torque = Math.Max(3, 40 + 10 * Gaussian());
        var power = NominalPowerW + 150 * Gaussian();
        var wearStep = _quality switch { ProductQuality.H => 5, ProductQuality.M => 3, _ => 2 };

        var p = RunUpProgress;
        switch (RunUpMode)
        {
            case FailureMode.HeatDissipation:
                difference -= p * 3.0;       // cooling fouls: the process runs hotter relative to the air...
                power -= p * 900;            // ...while the spindle slows toward 1380 rpm
                break;
            case FailureMode.Power:
                torque += p * 10;            // an overload: torque x speed climbs past 9000 W
                power += p * 1400;
                break;
            case FailureMode.Overstrain:
                torque += p * 25;
                wearStep += (int)(p * 6);
                break;
            case FailureMode.ToolWear:
                wearStep += (int)(p * 10);   // a worn batch of tools: wear accelerates
                break;
        }

        AirK = _air;
        ProcessK = _air + difference;
        TorqueNm = torque;
        // Constant power: omega = P / T; rpm = omega * 60 / (2 pi), through the spindle gear.
        SpeedRpm = Math.Clamp(power / torque * GearRatio * 60 / (2 * Math.PI), 900, 3000);
        ToolWearMin += wearStep;
        var mechanicalW = torque * SpeedRpm * 2 * Math.PI / 60;
        // I = P / (sqrt(3) V cos(phi) efficiency) for a 400 V three-phase motor, cos(phi) 0.85, efficiency 0.9.
        CurrentA = mechanicalW / (Math.Sqrt(3) * 400 * 0.85 * 0.9) + 0.8 + 0.05 * Gaussian();
        VibrationMmS = SimulateVibration();
        LastFailure = CheckFailure(mechanicalW);
        if (LastFailure != FailureMode.None)
        {
            FailureCounts[(int)LastFailure]++;
        }

        if (LastFailure is FailureMode.ToolWear or FailureMode.Overstrain || ToolWearMin >= _toolLimit)
        {
            // The tool is replaced after a wear or overstrain failure, or at its planned limit.
            ToolWearMin = 0;
            _toolLimit = NextToolLimit();
        }
    }

    public float Read(int sensor) => sensor switch
    {
        MachineSensors.AirTemperature => (float)AirK,
        MachineSensors.ProcessTemperature => (float)ProcessK,
        MachineSensors.Speed => (float)SpeedRpm,
        MachineSensors.Torque => (float)TorqueNm,
        MachineSensors.MotorCurrent => (float)CurrentA,
        MachineSensors.Vibration => (float)VibrationMmS,
        MachineSensors.ToolWear => (float)ToolWearMin,
        _ => float.NaN,
    };

    public double NextGaussian() => Gaussian();

    public double NextUniform() => _random.NextDouble();

    private FailureMode CheckFailure(double powerW)
    {
        if (ToolWearMin >= _toolLimit && _random.NextDouble() < 0.5)
        {
            return FailureMode.ToolWear;
        }

        if (ProcessK - AirK < 8.6 && SpeedRpm < 1380)
        {
            return FailureMode.HeatDissipation;
        }

        if (powerW < 3500 || powerW > 9000)
        {
            return FailureMode.Power;
        }

        var overstrainLimit = _quality switch { ProductQuality.H => 13000, ProductQuality.M => 12000, _ => 11000 };
        if (ToolWearMin * TorqueNm > overstrainLimit)
        {
            return FailureMode.Overstrain;
        }

        if (RunUpMode == FailureMode.Random && RunUpProgress >= 1)
        {
            return FailureMode.Random;
        }

        return _random.NextDouble() < 0.001 ? FailureMode.Random : FailureMode.None;
    }

    private double SimulateVibration()
    {
        // Velocity samples of the 1x running-speed component plus broadband noise; RMS over the window as the
        // board computes it from the MPU6050. Amplitude grows with tool wear (chatter) and torque (load).
        var amplitude = 2.0 + 0.008 * ToolWearMin + 0.01 * Math.Max(0, TorqueNm - 40);
        var phase = _random.NextDouble() * 2 * Math.PI;
        var step = 2 * Math.PI * SpeedRpm / 60 / 1000;   // 1 kHz sampling
        for (var i = 0; i < _vibrationWindow.Size; i++)
        {
            _vibrationWindow.Add((float)(amplitude * Math.Sin(phase + i * step * 10) + 0.3 * Gaussian()));
        }

        return _vibrationWindow.Rms;
    }

    private double NextToolLimit() => 200 + _random.NextDouble() * 40;

    private double Gaussian()
    {
        // Box-Muller transform.
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
