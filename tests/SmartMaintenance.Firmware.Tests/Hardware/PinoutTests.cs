using System.Text.RegularExpressions;

namespace SmartMaintenance.Firmware.Tests.Hardware;

public sealed class PinoutTests
{
    [Fact]
    public void PinoutTable_ComparedWithBoardConfig_ListsTheSamePins()
    {
        var board = RepoFiles.BoardPins();
        var table = Regex.Matches(File.ReadAllText(RepoFiles.Path("hardware", "pinout.md")), @"^\| `(\w+)` \| (\d+) \|", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value));

        Assert.True(board.Count >= 7, "BoardConfig.cs should declare the board's pins");
        Assert.Equal(board.OrderBy(p => p.Key), table.OrderBy(p => p.Key));
    }

    [Fact]
    public void BoardConfig_AnalogPins_AreOnAdc1()
    {
        var board = RepoFiles.BoardPins();

        foreach (var name in new[] { "TemperaturePin", "MotorCurrentPin", "PressurePin" })
        {
            Assert.InRange(board[name], 32, 39);
        }

        Assert.Equal(21, board["I2cSdaPin"]);
        Assert.Equal(22, board["I2cSclPin"]);
    }
}
