using System.Text.Json;
using SmartMaintenance.Contracts;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.EndToEnd.Tests;

/// <summary>
/// Device -> broker -> cloud -> store, with the virtual device run as its own process, on both storage engines.
/// </summary>
public abstract class PipelineTests
{
    protected abstract Task<string?> ConnectionStringAsync();

    [Fact]
    public async Task VirtualFleet_Publishes100Readings_AllStoredOnceWithTheirSequences()
    {
        await using var system = await SystemUnderTest.StartAsync(await ConnectionStringAsync(), devices: 5);
        var fleetFile = system.WriteFleetFile();
        var publishedLog = Path.Combine(system.Directory_, "published.jsonl");

        var run = await ProcessRunner.RunAsync("dotnet",
        [
            RepoPaths.ProgramDll("firmware", "SmartMaintenance.VirtualDevice"),
            "--broker", $"127.0.0.1:{system.MqttPort}",
            "--site", SystemUnderTest.Site,
            "--credentials", fleetFile,
            "--count", "20",
            "--interval", "0",
            "--state-dir", Path.Combine(system.Directory_, "device-state"),
            "--published-log", publishedLog,
        ], TimeSpan.FromSeconds(60));
        Assert.True(run.ExitCode == 0, $"virtual device failed: {run.Output}\n{run.Error}");

        var readings = await system.WaitForReadingsAsync(100);
        // Give a straggling duplicate the chance to show up before counting.
        await Task.Delay(300);
        readings = await system.AllReadingsAsync();

        Assert.Equal(100, readings.Count);
        foreach (var device in readings.GroupBy(r => r.DeviceId))
        {
            Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), device.Select(r => r.Sequence!.Value).Order());
        }

        Assert.Equal(5, readings.Select(r => r.DeviceId).Distinct().Count());

        // The right values: every stored reading is the message the device published (and the broker acknowledged)
        // with that device and sequence: same sensor, kind and value, and the statistics a deviation or summary carries.
        var published = File.ReadAllLines(publishedLog)
            .Select(line => JsonSerializer.Deserialize(line, ContractsJsonContext.Default.DeviceMessage)!)
            .GroupBy(m => (m.DeviceId, m.Sequence)).ToDictionary(g => g.Key, g => g.First());
        Assert.Equal(100, published.Count);
        Assert.All(readings, r =>
        {
            var sent = published[(r.DeviceId!, r.Sequence!.Value)];
            Assert.Equal((sent.SensorId, sent.Kind, sent.Value), (r.SensorId, r.Kind, (double?)r.Value));
            Assert.Equal((sent.ZScore, sent.BaselineMean, sent.BaselineStd), (r.ZScore, r.BaselineMean, r.BaselineStd));
            Assert.Equal((sent.Count, sent.Std, sent.Min, sent.Max), (r.SummaryCount, r.SummaryStd, r.SummaryMin, r.SummaryMax));
            Assert.Equal(sent.Stuck, r.Stuck);
        });
        Assert.All(readings, r =>
        {
            Assert.True(double.IsFinite(r.Value));
            Assert.False(string.IsNullOrEmpty(r.SensorId));
            Assert.False(string.IsNullOrEmpty(r.Unit));
            Assert.Equal($"{r.DeviceId}-{r.Sequence}", r.CorrelationId);
        });
    }
}

public sealed class SqlitePipelineTests : PipelineTests
{
    protected override Task<string?> ConnectionStringAsync() => Task.FromResult<string?>(null);
}

public sealed class PostgresPipelineTests : PipelineTests
{
    protected override async Task<string?> ConnectionStringAsync() => await PostgresServer.CreateDatabaseAsync("e2e");
}
