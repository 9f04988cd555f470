using System.Diagnostics;
using System.Globalization;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Fuzz.Tests;

/// <summary>
/// The CI smoke run of the coverage-guided fuzz targets (issue 13): the real script (tests/fuzz/run.sh), the real
/// SharpFuzz instrumentation and the real afl-fuzz, a few seconds per target. It fails when a seed throws, when
/// afl-fuzz cannot run a target, or when any target saves a crash or a hang; the long runs are in docs/fuzzing.md.
/// </summary>
public sealed class FuzzSmokeTests
{
    private static readonly string[] Targets = ["cloud-batch", "cloud-csv", "broker-message", "firmware-config", "mqtt-topic"];

    [Fact]
    public async Task Smoke_EveryTarget_RunsUnderAflWithNoCrashAndNoHang()
    {
        ProcessRunner.Require("afl-fuzz", "afl++");
        using var work = new TempFolder("sm-fuzz-");
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(RepoPaths.Root, "tests", "fuzz", "run.sh"), "--smoke", "--no-build" })
        {
            start.ArgumentList.Add(argument);
        }

        // The instrumented copy and afl's findings go to this test's folder: a long run in tests/fuzz is left alone.
        start.Environment["FUZZ_WORK"] = work.Path;
        start.Environment["FUZZ_CONFIGURATION"] = RepoPaths.Configuration;
        start.Environment["SMOKE_SECONDS"] = "10";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start bash");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using (var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(10)))
        {
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"tests/fuzz/run.sh --smoke did not finish within 10 minutes:\n{await output}\n{await error}");
            }
        }

        var text = await output;
        var report = $"tests/fuzz/run.sh --smoke exited {process.ExitCode}:\n{text}\n{await error}";
        Assert.True(process.ExitCode == 0, report);
        foreach (var target in Targets)
        {
            Assert.True(text.Contains($"{target}: ", StringComparison.Ordinal) && text.Contains("inputs replayed without an exception", StringComparison.Ordinal),
                $"the seeds of {target} were not replayed\n{report}");
            var row = text.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .SingleOrDefault(f => f.Length >= 8 && f[0] == target);
            Assert.True(row is not null, $"no result line for {target}\n{report}");
            Assert.True(long.Parse(row[1], CultureInfo.InvariantCulture) > 0, $"{target} ran no input\n{report}");
            Assert.True(row[6] == "0" && row[7] == "0", $"{target} saved crashes or hangs\n{report}");
        }
    }
}
