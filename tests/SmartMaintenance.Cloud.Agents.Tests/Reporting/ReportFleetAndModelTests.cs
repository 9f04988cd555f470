using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Reporting;
using SmartMaintenance.Cloud.Agents.Scheduling;

namespace SmartMaintenance.Cloud.Agents.Tests.Reporting;

public sealed class ReportFleetAndModelTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static readonly ProductionModel Model = new("ai4i-failure", "3", Now.AddDays(-2),
        new Dictionary<string, double> { ["f1"] = 0.81, ["roc_auc"] = 0.97 });

    [Fact]
    public async Task Generate_KnownDevicesAndAProductionModel_HealthyDevicesListedAndModelMetricsInJsonAndCsv()
    {
        var time = new FakeTimeProvider(Now);
        await using var harness = await AgentHarness.CreateAsync(time, configure: s =>
        {
            s.AddSingleton<IDeviceDirectory>(new Devices("press-2", "dev-1", "lathe-9"));
            s.AddSingleton<IProductionModelInfo>(new Production(Model));
        });
        await harness.Get<SchedulingAgent>().HandleAsync(new FailurePredicted(AgentHarness.Meta("p1", Now), "v1", "vibration", 0.9,
            null, null, null, Now.AddDays(1), "test"), CancellationToken.None);

        var report = (await harness.Get<ReportService>().GenerateAsync(Now.AddHours(-1), Now.AddMinutes(1), "corr-r", "fleet", CancellationToken.None))!;

        Assert.Equal([("dev-1", "attention"), ("lathe-9", "ok"), ("press-2", "ok")], report.Fleet.Select(d => (d.DeviceId, d.Health)));
        Assert.Equal(Model, report.ProductionModel);
        var stored = await harness.Get<IReportStore>().GetAsync(report.Id, CancellationToken.None);
        Assert.Equal(0.81, stored!.ProductionModel!.Metrics["f1"]);
        Assert.Contains("\"roc_auc\":0.97", JsonSerializer.Serialize(report));
        var csv = ReportCsv.Write(report);
        Assert.Contains("fleet,lathe-9,health,ok\r\n", csv);
        Assert.Contains("model,production,version,3\r\n", csv);
        Assert.Contains("model,production,f1,0.81\r\n", csv);
        Assert.Contains("model,production,roc_auc,0.97\r\n", csv);
    }

    [Fact]
    public async Task Generate_NoProductionModelNoDirectory_ModelNullCsvSaysNoneFleetFromEvents()
    {
        var time = new FakeTimeProvider(Now);
        await using var harness = await AgentHarness.CreateAsync(time);

        var report = (await harness.Get<ReportService>().GenerateAsync(Now.AddHours(-1), Now, "corr-r", "fleet", CancellationToken.None, keepEmpty: true))!;

        Assert.Null(report.ProductionModel);
        Assert.Empty(report.Fleet);
        Assert.Contains("model,production,version,none\r\n", ReportCsv.Write(report));
    }

    private sealed class Devices(params string[] ids) : IDeviceDirectory
    {
        public Task<IReadOnlyList<string>> ListDeviceIdsAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>(ids);
    }

    private sealed class Production(ProductionModel model) : IProductionModelInfo
    {
        public Task<ProductionModel?> GetAsync(CancellationToken cancellationToken) => Task.FromResult<ProductionModel?>(model);
    }
}
