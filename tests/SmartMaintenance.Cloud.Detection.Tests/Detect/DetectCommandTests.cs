using System.Globalization;
using System.Text;
using SmartMaintenance.Cloud.Detection.Tests.Machine;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Detection.Tests.Detect;

/// <summary>The alert-path command (bench/SmartMaintenance.Detect) run as a real process, as the held-out evaluation drives it.</summary>
public sealed class DetectCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sm-detect-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Task<ProcessRunner.Result> Detect(params string[] args) =>
        ProcessRunner.RunAsync("dotnet", [RepoPaths.ProgramDll("bench", "SmartMaintenance.Detect"), .. args], TimeSpan.FromMinutes(2));

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    [Fact]
    public async Task Help_DocumentsOptionsAndOutputColumns()
    {
        var result = await Detect("--help");

        Assert.Equal(0, result.ExitCode);
        foreach (var part in (string[])["--input", "--output", "--train-rows", "--timestamp-column", "--separator", "timestamp,alert,severity,incident,sensor"])
        {
            Assert.Contains(part, result.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task EvalFleet_UnknownSetOption_UsageErrorNamesIt()
    {
        var result = await Detect("eval-fleet", "--machines", "1", "--days", "0.01", "--faults", "0", "--set", "NoSuchOption=3");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'NoSuchOption'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NonNumericCell_ErrorNamesLineAndSensorAndWritesNoOutput()
    {
        var input = Write("bad.csv", "timestamp,temp,pressure\n2024-01-01T00:00:00Z,1.5,2\n2024-01-01T00:00:01Z,1.6,2\n2024-01-01T00:00:02Z,1.7,2\n2024-01-01T00:00:03Z,abc,2\n");
        var output = Path.Combine(_folder, "out.csv");

        var result = await Detect("--input", input, "--output", output, "--train-rows", "10");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("line 5", result.Error, StringComparison.Ordinal);
        Assert.Contains("'temp'", result.Error, StringComparison.Ordinal);
        Assert.Contains("'abc'", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.False(File.Exists(output + ".partial"));
    }

    [Fact]
    public async Task Run_WrongCellCount_ErrorNamesLine()
    {
        var input = Write("short.csv", "time,a,b\n1,1,2\n2,1,2\n3,1\n");

        var result = await Detect("--input", input, "--output", Path.Combine(_folder, "out.csv"), "--train-rows", "10");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("line 4: 2 cells, the header has 3", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MissingFile_ClearErrorExitOne()
    {
        var result = await Detect("--input", Path.Combine(_folder, "nope.csv"), "--output", Path.Combine(_folder, "out.csv"), "--train-rows", "10");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("nope.csv: file not found", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownOption_UsageErrorExitTwo()
    {
        var result = await Detect("--input", "a.csv", "--output", "b.csv", "--frobnicate");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--frobnicate", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_MachineWithFault_OutputContract()
    {
        // ';' separated with decimal commas, the timestamp column second, a quantized pressure, empty cells;
        // rows 350-399 (0-based data rows) carry a +3 degree fault on temperature.
        var random = new Random(3);
        var text = new StringBuilder("pressure;Zeit;temperature\n");
        var stamps = new List<string>();
        for (var i = 0; i < 500; i++)
        {
            var stamp = $"2024-01-01 00:{i / 60:00}:{i % 60:00}";
            stamps.Add(stamp);
            var temperature = 60 + (0.5 * MachineSignals.Gaussian(random)) + (i is >= 350 and < 400 ? 3 : 0);
            var pressure = i % 97 == 5 ? string.Empty : (1.0 + (0.1 * random.Next(5))).ToString("0.0", CultureInfo.InvariantCulture).Replace('.', ',');
            text.Append(CultureInfo.InvariantCulture, $"{pressure};{stamp};{temperature.ToString("0.000", CultureInfo.InvariantCulture).Replace('.', ',')}\n");
        }

        var input = Write("machine.csv", text.ToString());
        var output = Path.Combine(_folder, "out.csv");

        var result = await Detect("--input", input, "--output", output, "--train-rows", "300", "--timestamp-column", "Zeit", "--separator", ";");

        Assert.True(result.ExitCode == 0, result.Error);
        var lines = File.ReadAllLines(output);
        Assert.Equal("timestamp,alert,severity,incident,sensor", lines[0]);
        var rows = lines[1..].Select(l => l.Split(',')).ToArray();
        Assert.Equal(500, rows.Length);
        Assert.Equal(stamps, rows.Select(r => r[0]));
        Assert.All(rows, r => Assert.Equal(5, r.Length));
        Assert.All(rows[..300], r => Assert.Equal(["0", string.Empty, string.Empty, string.Empty], r[1..]));
        Assert.All(rows.Where(r => r[1] == "0"), r => Assert.Equal([string.Empty, string.Empty, string.Empty], r[2..]));
        var alerts = rows.Select((r, i) => (r, i)).Where(x => x.r[1] == "1").ToList();
        Assert.NotEmpty(alerts);
        Assert.All(alerts, x => Assert.InRange(x.i, 350, 450));
        Assert.True(alerts.Count(x => x.i < 400) >= 45, $"{alerts.Count(x => x.i < 400)} of 50 fault rows in alert");
        Assert.All(alerts, x => Assert.Contains(x.r[2], (string[])["Low", "Medium", "High", "Critical"]));
        Assert.All(alerts, x => Assert.Equal("1", x.r[3]));
        Assert.All(alerts.Where(x => x.i < 400), x => Assert.Equal("temperature", x.r[4]));
    }
}
