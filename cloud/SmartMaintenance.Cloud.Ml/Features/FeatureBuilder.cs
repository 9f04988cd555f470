using SmartMaintenance.Cloud.Ml.Data;

namespace SmartMaintenance.Cloud.Ml.Features;

/// <summary>
/// The feature vector of the failure model, built the same way for training and prediction. The derived
/// features follow the failure mechanisms of the data generator (Matzka 2020; data/ai4i2020/ATTRIBUTION.md):
/// heat dissipation depends on the process-air temperature difference and the speed, power failures on
/// torque x angular speed, overstrain on tool wear x torque against a limit that depends on the product type.
/// The margins say how far the machine is from each physical limit (negative = past it): that is domain
/// knowledge of the machine, known before any failure happens, not the label. The failure-mode flags TWF, HDF,
/// PWF, OSF, RNF are never features: they are the label in another form.
/// </summary>
public static class FeatureBuilder
{
    /// <summary>Heat dissipation suffers below this process-air temperature difference (K)...</summary>
    public const double HeatDissipationDeltaK = 8.6;

    /// <summary>...together with a speed below this (rpm).</summary>
    public const double HeatDissipationSpeedRpm = 1380;

    /// <summary>The power window of the process (W): outside it the machine fails.</summary>
    public const double PowerLowW = 3500;

    public const double PowerHighW = 9000;

    public static readonly IReadOnlyList<string> Names =
    [
        "Type_L",
        "Type_M",
        "Type_H",
        "Air_temperature_K",
        "Process_temperature_K",
        "Temperature_difference_K",
        "Rotational_speed_rpm",
        "Torque_Nm",
        "Mechanical_power_W",
        "Tool_wear_min",
        "Tool_wear_x_torque_minNm",
        "Temperature_margin_K",
        "Speed_margin_rpm",
        "Heat_dissipation_margin",
        "Power_margin_W",
        "Overstrain_margin_minNm",
    ];

    public const int Count = 16;

    public static float[] Build(MachineReading r)
    {
        var v = new float[Count];
        Fill(r, v);
        return v;
    }

    /// <summary>Overstrain limit of tool wear x torque (min·Nm) for a product type: 11,000 / 12,000 / 13,000 for L / M / H.</summary>
    public static double OverstrainLimit(char type) => type switch { 'M' => 12_000, 'H' => 13_000, _ => 11_000 };

    public static void Fill(MachineReading r, Span<float> v)
    {
        var delta = r.ProcessTemperatureK - r.AirTemperatureK;
        // P [W] = torque [Nm] x angular speed [rad/s] = torque x rpm x 2π / 60.
        var power = r.TorqueNm * r.RotationalSpeedRpm * 2 * Math.PI / 60;
        var strain = r.ToolWearMin * r.TorqueNm;
        v[0] = r.Type == 'L' ? 1f : 0f;
        v[1] = r.Type == 'M' ? 1f : 0f;
        v[2] = r.Type == 'H' ? 1f : 0f;
        v[3] = (float)r.AirTemperatureK;
        v[4] = (float)r.ProcessTemperatureK;
        v[5] = (float)delta;
        v[6] = (float)r.RotationalSpeedRpm;
        v[7] = (float)r.TorqueNm;
        v[8] = (float)power;
        v[9] = (float)r.ToolWearMin;
        v[10] = (float)strain;
        v[11] = (float)(delta - HeatDissipationDeltaK);
        v[12] = (float)(r.RotationalSpeedRpm - HeatDissipationSpeedRpm);
        // Heat dissipation needs both limits crossed: the machine is safe by the larger of the two relative margins.
        v[13] = (float)Math.Max((delta - HeatDissipationDeltaK) / HeatDissipationDeltaK, (r.RotationalSpeedRpm - HeatDissipationSpeedRpm) / HeatDissipationSpeedRpm);
        // Distance to the nearer edge of the power window; negative outside it.
        v[14] = (float)Math.Min(power - PowerLowW, PowerHighW - power);
        v[15] = (float)(OverstrainLimit(r.Type) - strain);
    }
}
