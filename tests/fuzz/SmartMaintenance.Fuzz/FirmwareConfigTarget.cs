extern alias firmware;
using ConfigParser = firmware::SmartMaintenance.Firmware.Core.Config.ConfigParser;
using DeviceSettings = firmware::SmartMaintenance.Firmware.Core.Config.DeviceSettings;
using FlatJsonReader = firmware::SmartMaintenance.Firmware.Core.Config.FlatJsonReader;

namespace SmartMaintenance.Fuzz;

/// <summary>
/// The firmware's remote configuration parser (the desktop build of the nano-safe core): ConfigParser.TryApply over
/// the flat JSON reader, and the reader alone walking every property and array item.
/// </summary>
internal static class FirmwareConfigTarget
{
    private static readonly string[] Sensors = ["temp-1", "vib-1", "cur-1"];

    public static void Run(byte[] json)
    {
        new ConfigParser().TryApply(json, json.Length, new DeviceSettings(), Sensors, 3);

        var reader = new FlatJsonReader(json, json.Length);
        if (!reader.BeginObject())
        {
            return;
        }

        while (reader.NextProperty())
        {
            if (reader.ValueKind == FlatJsonReader.KindArray)
            {
                while (reader.NextItem())
                {
                }
            }
        }
    }
}
