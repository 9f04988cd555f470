using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Prediction;
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
        // And its prediction: a demo prediction alone does not make the fleet's period eventful either.
        await harness.Get<IPredictionStore>().AddAsync(Predicted("p-demo-prediction", "simulator", "sim-1", 0.9, "2"), CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1));
        var service = harness.Get<ReportService>();

        var fleet = await service.GenerateAsync(Now.AddHours(-1), time.GetUtcNow(), "corr-fleet", "fleet", CancellationToken.None);
        var demo = await service.GenerateAsync(Now.AddHours(-1), time.GetUtcNow(), "golden-path:x", "golden-path", CancellationToken.None, includeDemo: true);

        Assert.Null(fleet);
        Assert.NotNull(demo);
        Assert.Equal(("simulator", 1), (Assert.Single(demo.Fleet).DeviceId, demo.Fleet[0].Orders));
        Assert.Equal(1, demo.Predictions.Count);
    }

    [Fact]
    public async Task Generate_DemoPredictions_LeftOutOfTheFleetReportsPredictionStatistics()
    {
        var time = new FakeTimeProvider(Now);
        await using var harness = await AgentHarness.CreateAsync(time);
        var store = harness.Get<IPredictionStore>();
        // A fleet machine's prediction, the simulator's (a demo device) and a Golden Path run's (a demo run's correlation).
        await store.AddAsync(Predicted("p-fleet", "dev-1", "corr-1", 0.2, "3"), CancellationToken.None);
        await store.AddAsync(Predicted("p-sim", "simulator", "sim-1", 1.0, "9"), CancellationToken.None);
        await store.AddAsync(Predicted("p-golden", "golden-press", "golden-path:run-1", 0.8, "8"), CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1));
        var service = harness.Get<ReportService>();

        var fleet = (await service.GenerateAsync(Now.AddHours(-1), time.GetUtcNow(), "corr-fleet", "fleet", CancellationToken.None))!;
        var demo = (await service.GenerateAsync(Now.AddHours(-1), time.GetUtcNow(), "golden-path:x", "golden-path", CancellationToken.None,
            includeDemo: true))!;

        Assert.Equal((1L, 1L, 0.2, "3"), (fleet.Predictions.Count, fleet.Predictions.WithModel, fleet.Predictions.MeanRisk,
            string.Join(",", fleet.Predictions.ModelVersions)));
        Assert.Equal((3L, "3,8,9"), (demo.Predictions.Count, string.Join(",", demo.Predictions.ModelVersions)));
        Assert.Equal(2.0 / 3, demo.Predictions.MeanRisk, 9);
    }

    private static FailurePredicted Predicted(string id, string device, string correlation, double risk, string modelVersion) =>
        new(AgentHarness.Meta(id, Now, correlation) with { DeviceId = device }, device + "-ai4i", "ai4i", risk, risk, null, modelVersion, null, "test");
}
