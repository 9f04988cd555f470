using System.Text.Json;

namespace SmartMaintenance.Firmware.Tests.Hardware;

public sealed class WokwiDiagramTests
{
    // Pin names of the Wokwi parts used (Wokwi part reference pages).
    private static readonly Dictionary<string, string[]> PartPins = new()
    {
        ["board-esp32-devkit-c-v4"] =
        [
            "3V3", "EN", "VP", "VN", "34", "35", "32", "33", "25", "26", "27", "14", "12", "13", "GND.1", "GND.2", "GND.3",
            "5V", "CLK", "D0", "D1", "D2", "D3", "CMD", "15", "2", "0", "4", "16", "17", "5", "18", "19", "21", "RX", "TX", "22", "23",
        ],
        ["wokwi-potentiometer"] = ["GND", "SIG", "VCC"],
        ["wokwi-ntc-temperature-sensor"] = ["GND", "VCC", "OUT"],
        ["wokwi-mpu6050"] = ["INT", "AD0", "XCL", "XDA", "SDA", "SCL", "GND", "VCC"],
        ["wokwi-led"] = ["A", "C"],
        ["wokwi-resistor"] = ["1", "2"],
        ["wokwi-pushbutton"] = ["1.l", "2.l", "1.r", "2.r"],
    };

    private static JsonElement Diagram() =>
        JsonDocument.Parse(File.ReadAllText(RepoFiles.Path("wokwi", "diagram.json"))).RootElement;

    [Fact]
    public void Diagram_EveryConnection_NamesAnExistingPartAndPin()
    {
        var diagram = Diagram();
        var parts = diagram.GetProperty("parts").EnumerateArray()
            .ToDictionary(p => p.GetProperty("id").GetString()!, p => p.GetProperty("type").GetString()!);

        Assert.Contains("board-esp32-devkit-c-v4", parts.Values);
        Assert.DoesNotContain(parts.Values, t => t.Contains("dht", StringComparison.OrdinalIgnoreCase));
        foreach (var connection in diagram.GetProperty("connections").EnumerateArray())
        {
            for (var end = 0; end < 2; end++)
            {
                var endpoint = connection[end].GetString()!;
                var colon = endpoint.IndexOf(':');
                var part = endpoint[..colon];
                var pin = endpoint[(colon + 1)..];
                if (part.StartsWith('$'))
                {
                    continue;   // $serialMonitor is Wokwi's own
                }

                Assert.True(parts.TryGetValue(part, out var type), $"connection names unknown part '{part}'");
                Assert.True(PartPins.TryGetValue(type, out var pins), $"no pin list for part type '{type}'");
                Assert.Contains(pin, pins);
            }
        }
    }

    [Fact]
    public void Diagram_SensorPins_MatchBoardConfig()
    {
        var board = RepoFiles.BoardPins();
        var connections = Diagram().GetProperty("connections").EnumerateArray()
            .Select(c => (A: c[0].GetString()!, B: c[1].GetString()!)).ToList();

        string? EspPinOf(string endpoint) => connections
            .Where(c => c.A == endpoint || c.B == endpoint)
            .Select(c => c.A == endpoint ? c.B : c.A)
            .Where(other => other.StartsWith("esp:"))
            .Select(other => other["esp:".Length..])
            .FirstOrDefault();

        Assert.Equal(board["TemperaturePin"].ToString(), EspPinOf("ntc:OUT"));
        Assert.Equal(board["MotorCurrentPin"].ToString(), EspPinOf("current:SIG"));
        Assert.Equal(board["PressurePin"].ToString(), EspPinOf("pressure:SIG"));
        Assert.Equal(board["SpeedPulsePin"].ToString(), EspPinOf("speed:1.l"));
        Assert.Equal(board["I2cSdaPin"].ToString(), EspPinOf("imu:SDA"));
        Assert.Equal(board["I2cSclPin"].ToString(), EspPinOf("imu:SCL"));
        Assert.Equal(board["StatusLedPin"].ToString(), EspPinOf("r1:2"));
    }

    [Fact]
    public void Diagram_EveryInputTheFirmwareReads_IsWired()
    {
        var board = RepoFiles.BoardPins();
        var wired = Diagram().GetProperty("connections").EnumerateArray()
            .SelectMany(c => new[] { c[0].GetString()!, c[1].GetString()! })
            .Where(e => e.StartsWith("esp:", StringComparison.Ordinal))
            .Select(e => e["esp:".Length..])
            .ToHashSet();

        foreach (var (name, pin) in board)
        {
            Assert.True(wired.Contains(pin.ToString()), $"{name} (GPIO {pin}) is read by the firmware but not wired in diagram.json");
        }
    }

    [Theory]
    [InlineData("current", -25f, 15f, 5f, 12f)]   // motor current, A: Program.cs scale 10 * 1.5, offset -25
    [InlineData("pressure", -1.25f, 3.75f, 4f, 8f)]   // line pressure, bar: scale 2.5 * 1.5, offset -1.25
    public void Diagram_PotentiometerStartPositions_GiveRealisticReadings(string id, float offset, float gain, float low, float high)
    {
        var part = Diagram().GetProperty("parts").EnumerateArray().Single(p => p.GetProperty("id").GetString() == id);
        var value = int.Parse(part.GetProperty("attrs").GetProperty("value").GetString()!);   // Wokwi: 0..1023 over 0..3.3 V

        var reading = offset + gain * (value / 1023f * 3.3f);

        Assert.InRange(reading, low, high);
    }

    [Fact]
    public void Diagram_NtcModule_StartsAtAMotorHousingTemperatureWithTheFirmwaresBeta()
    {
        var attrs = Diagram().GetProperty("parts").EnumerateArray().Single(p => p.GetProperty("id").GetString() == "ntc").GetProperty("attrs");

        Assert.InRange(float.Parse(attrs.GetProperty("temperature").GetString()!, System.Globalization.CultureInfo.InvariantCulture), 20f, 90f);
        Assert.Equal("3950", attrs.GetProperty("beta").GetString());   // NtcTemperatureInput.Beta
    }

    [Fact]
    public void WokwiToml_LoadsOnlyTheMergedImage()
    {
        var toml = File.ReadAllText(RepoFiles.Path("wokwi", "wokwi.toml"));

        Assert.Contains("firmware = \"build/smartmaintenance-merged.bin\"", toml);
        Assert.DoesNotContain("elf =", toml);   // nothing produces an ELF for a nanoFramework image
    }
}
