using SmartMaintenance.Cloud.Ml.Data;

namespace SmartMaintenance.Cloud.Ml.Features;

/// <summary>
/// The feature vector of the failure model, built the same way for training and prediction. The derived
/// features follow the failure mechanisms of the data generator (Matzka 2020): heat dissipation depends on the
/// process-air temperature difference, power failures on torque x speed, overstrain on tool wear x torque.
/// The failure-mode flags TWF, HDF, PWF, OSF, RNF are never features: they are the label in another form.
/// </summary>
public static class FeatureBuilder
{
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
    ];

    public const int Count = 11;

    public static float[] Build(MachineReading r)
    {
        var v = new float[Count];
        Fill(r, v);
        return v;
    }

    public static void Fill(MachineReading r, Span<float> v)
    {
        v[0] = r.Type == 'L' ? 1f : 0f;
        v[1] = r.Type == 'M' ? 1f : 0f;
        v[2] = r.Type == 'H' ? 1f : 0f;
        v[3] = (float)r.AirTemperatureK;
        v[4] = (float)r.ProcessTemperatureK;
        v[5] = (float)(r.ProcessTemperatureK - r.AirTemperatureK);
        v[6] = (float)r.RotationalSpeedRpm;
        v[7] = (float)r.TorqueNm;
        // P [W] = torque [Nm] x angular speed [rad/s] = torque x rpm x 2π / 60.
        v[8] = (float)(r.TorqueNm * r.RotationalSpeedRpm * 2 * Math.PI / 60);
        v[9] = (float)r.ToolWearMin;
        v[10] = (float)(r.ToolWearMin * r.TorqueNm);
    }
}
