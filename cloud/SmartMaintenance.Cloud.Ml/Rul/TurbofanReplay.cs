using System.Globalization;
using System.Text;

namespace SmartMaintenance.Cloud.Ml.Rul;

/// <summary>
/// A C-MAPSS engine as a machine of the plant: its cycles as readings of sensors cmapss.s1 ... cmapss.s21 (type
/// "turbofan", the units of the C-MAPSS documentation), one reading time per flight cycle, the last cycle at End,
/// in the CSV the cloud's ingest API takes (device_id and sequence make a re-sent replay store nothing twice). The
/// replay command and the tests send it through the normal ingest path, so the prediction agent sees a turbofan.
/// </summary>
public static class TurbofanReplay
{
    public const string SensorType = "turbofan";

    /// <summary>s1..s21: T2, T24, T30, T50 (°R), P2, P15, P30 (psia), Nf, Nc (rpm), epr, Ps30 (psia), phi (pps/psi), NRf, NRc (rpm), BPR, farB, htBleed, Nf_dmd, PCNfR_dmd (rpm), W31, W32 (lbm/s).</summary>
    public static readonly string[] Units =
        ["degR", "degR", "degR", "degR", "psia", "psia", "psia", "rpm", "rpm", "ratio", "psia", "pps/psi", "rpm", "rpm", "ratio", "ratio", "count", "rpm", "rpm", "lbm/s", "lbm/s"];

    public static string Csv(CmapssEngine engine, string deviceId, DateTimeOffset end, TimeSpan cycle)
    {
        var csv = new StringBuilder("device_id,sequence,sensor_id,value,sensor_type,unit,timestamp\n");
        for (var c = 0; c < engine.Cycles; c++)
        {
            var at = (end - cycle * (engine.Cycles - 1 - c)).ToString("O", CultureInfo.InvariantCulture);
            for (var s = 0; s < CmapssLoader.SensorCount; s++)
            {
                csv.Append(CultureInfo.InvariantCulture,
                    $"{deviceId},{c * CmapssLoader.SensorCount + s + 1},{RulApplicability.SensorPrefix}{s + 1},{engine.Sensors[c][s]:R},{SensorType},{Units[s]},{at}\n");
            }
        }

        return csv.ToString();
    }
}
