using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Reporting;
using SmartMaintenance.Cloud.Agents.Scheduling;

namespace SmartMaintenance.Cloud.Agents.Tests.Reporting;

public sealed class ReportServiceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Generate_OrdersInPeriod_JsonAndCsvCarryFleetHealthAndCounts()
    {
        var time = new FakeTimeProvider(Now);
        await using var harness = await AgentHarness.CreateAsync(time);
        await harness.Get<SchedulingAgent>().HandleAsync(new FailurePredicted(AgentHarness.Meta("p1", Now), "v1", "vibration", 0.9,
            null, null, null, Now.AddDays(1), "test"), CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1));

        var report = (await harness.Get<ReportService>().GenerateAsync(Now.AddHours(-1), time.GetUtcNow(), "corr-r", "dev-1", CancellationToken.None))!;

        var device = Assert.Single(report.Fleet);
        Assert.Equal(("dev-1", 1, "attention"), (device.DeviceId, device.Orders, device.Health));
        Assert.Equal(1, report.OrdersByStatus["Scheduled"]);
        var json = JsonSerializer.Serialize(report);
        Assert.Contains("\"dev-1\"", json);
        var csv = ReportCsv.Write(report);
        Assert.StartsWith("section,key,metric,value\r\n", csv);
        Assert.Contains("fleet,dev-1,orders,1\r\n", csv);
        Assert.Contains("fleet,dev-1,health,attention\r\n", csv);
        Assert.Contains("orders,Scheduled,count,1\r\n", csv);
    }

    [Fact]
    public async Task Generate_NothingHappenedInThePeriod_NoReportStoredNorAnnounced()
    {
        var time = new FakeTimeProvider(Now);
        await using var harness = await AgentHarness.CreateAsync(time);
        // Something happened, but an hour before the period asked for.
        await harness.Get<SchedulingAgent>().HandleAsync(new FailurePredicted(AgentHarness.Meta("p1", Now.AddHours(-2)), "v1", "vibration", 0.9,
            null, null, null, Now.AddDays(1), "test"), CancellationToken.None);
        time.Advance(TimeSpan.FromHours(2));

        var report = await harness.Get<ReportService>().GenerateAsync(Now.AddHours(1), time.GetUtcNow(), "corr-empty", "fleet", CancellationToken.None);

        Assert.Null(report);
        Assert.DoesNotContain(await harness.Get<IReportStore>().ListAsync(10, CancellationToken.None), r => r.CorrelationId == "corr-empty");
    }

    [Fact]
    public async Task Generate_OnlyDemoDevicesActive_FleetReportSkippedDemoRunReportKeepsThem()
    {
        var time = new FakeTimeProvider(Now);
        await using var harness = await AgentHarness.CreateAsync(time);
        // An order on the simulator's device (the demo site's built-in device).
        await harness.Get<SchedulingAgent>().HandleAsync(new FailurePredicted(AgentHarness.Meta("p-demo", Now) with { DeviceId = "simulator" }, "sim-temperature",
            "temperature", 0.9, null, null, null, Now.AddDays(1), "test"), CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1));
        var service = harness.Get<ReportService>();

        var fleet = await service.GenerateAsync(Now.AddHours(-1), time.GetUtcNow(), "corr-fleet", "fleet", CancellationToken.None);
        var demo = await service.GenerateAsync(Now.AddHours(-1), time.GetUtcNow(), "golden-path:x", "golden-path", CancellationToken.None, includeDemo: true);

        Assert.Null(fleet);
        Assert.NotNull(demo);
        Assert.Equal(("simulator", 1), (Assert.Single(demo.Fleet).DeviceId, demo.Fleet[0].Orders));
    }
}
