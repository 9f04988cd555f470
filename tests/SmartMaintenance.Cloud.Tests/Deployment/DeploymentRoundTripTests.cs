using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Tests.Deployment;

/// <summary>
/// The plant deployment of deploy/, run for real: deploy/ci-roundtrip.sh installs into a temporary prefix against
/// the throwaway PostgreSQL, starts the services from the rendered unit files' ExecStart and environment, smoke
/// tests (mosquitto_pub through the broker to a stored reading, dashboard sign-in), backs up, wipes, restores and
/// compares, upgrades, rolls back automatically from a broken build and explicitly. The script cleans up after itself.
/// </summary>
public sealed class DeploymentRoundTripTests
{
    private static string Script(string name) => Path.Combine(RepoPaths.Root, "deploy", name);

    [Fact]
    public async Task InstallSmokeBackupWipeRestoreUpgradeRollback_RoundTripPasses()
    {
        var postgres = Environment.GetEnvironmentVariable(PostgresServer.EnvironmentVariable)
            ?? throw new InvalidOperationException($"{PostgresServer.EnvironmentVariable} must name the throwaway PostgreSQL server (./test.sh sets it).");
        ProcessRunner.Require("mosquitto_pub", "mosquitto-clients");
        ProcessRunner.Require("pg_dump", "postgresql-client");

        var result = await ProcessRunner.RunAsync("/usr/bin/env",
        [
            $"SM_TEST_POSTGRES={postgres}", $"SM_CI_CONFIGURATION={RepoPaths.Configuration}",
            $"SM_CI_CLOUD_PORT={FreePort.Get()}", $"SM_CI_MQTT_PORT={FreePort.Get()}", $"SM_CI_BROKER_HTTP_PORT={FreePort.Get()}",
            "bash", Script("ci-roundtrip.sh"),
        ], TimeSpan.FromMinutes(15));

        var output = result.Output + "\n" + result.Error;
        Assert.True(result.ExitCode == 0 && result.Output.Contains("round trip passed", StringComparison.Ordinal),
            $"exit {result.ExitCode}\n{Tail(output, 12000)}");
        // The steps the issue names all ran (each fails the script when its check fails).
        foreach (var step in new[] { "smoke test passed", "backup written", "database", "restore of", "upgrade to ci-b done", "rolling back ci-c -> ci-b", "rolled back to ci-a" })
        {
            Assert.Contains(step, output);
        }
    }

    [Fact]
    public async Task DeployScripts_ShellcheckClean()
    {
        var shellcheck = ProcessRunner.Require("shellcheck", "shellcheck");
        var scripts = Directory.GetFiles(Path.Combine(RepoPaths.Root, "deploy"), "*.sh", SearchOption.AllDirectories).Order().ToList();
        Assert.True(scripts.Count >= 9, string.Join(", ", scripts));

        var result = await ProcessRunner.RunAsync(shellcheck, ["-x", .. scripts], TimeSpan.FromMinutes(2));

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        // Every script but the sourced library stops at the first failing command, unset variable or broken pipe.
        foreach (var script in scripts.Where(s => Path.GetFileName(s) != "lib.sh"))
        {
            Assert.True(File.ReadLines(script).Take(30).Contains("set -euo pipefail"), $"{script} lacks set -euo pipefail");
        }
    }

    private static string Tail(string text, int chars) => text.Length <= chars ? text : text[^chars..];
}
