using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Reporting;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Agents.Tests.Reporting;

/// <summary>"Reports on demand and on a schedule": the schedule half, on a fake clock (on demand: ReportServiceTests).</summary>
public sealed class ScheduledReporterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static async Task<(AgentHarness Harness, IHostedService Reporter, RecordingBus Bus)> CreateAsync(FakeTimeProvider time, string interval)
    {
        var bus = new RecordingBus();
        var harness = await AgentHarness.CreateAsync(time, settings: new() { ["Cloud:Agents:Reporting:Interval"] = interval },
            configure: s => s.AddSingleton<IEventBus>(bus));
        return (harness, harness.Services.GetServices<IHostedService>().OfType<ScheduledReporter>().Single(), bus);
    }

    /// <summary>
    /// Steps the fake clock 10 minutes per probe until the store holds count reports: the reporter's timer is armed on
    /// its own thread, so a single jump made before it exists would go unseen.
    /// </summary>
    private static Task<IReadOnlyList<FleetReport>> StepUntilAsync(FakeTimeProvider time, IReportStore store, int count, string what) =>
        Eventually.WaitForAsync(async () =>
        {
            var reports = await store.ListAsync(10, CancellationToken.None);
            if (reports.Count < count)
            {
                time.Advance(TimeSpan.FromMinutes(10));
            }

            return reports;
        }, r => r.Count >= count, TimeSpan.FromSeconds(20), what);

    [Fact]
    public async Task Execute_ClockPassesTwoHourBoundaries_OneStoredReportPerWholeHour()
    {
        var time = new FakeTimeProvider(Now.AddMinutes(25));
        var (harness, reporter, bus) = await CreateAsync(time, "01:00:00");
        await using var _ = harness;
        var store = harness.Get<IReportStore>();
        await reporter.StartAsync(CancellationToken.None);

        var first = Assert.Single(await StepUntilAsync(time, store, 1, "the first scheduled report"));
        var reports = await StepUntilAsync(time, store, 2, "the second scheduled report");
        await reporter.StopAsync(CancellationToken.None);

        // Whole hours on the clock (12:00-13:00, then 13:00-14:00), not an hour from the start at 12:25.
        Assert.Equal((Now, Now.AddHours(1), "scheduled-report:202611231300"), (first.From, first.To, first.CorrelationId));
        Assert.Equal((Now.AddHours(1), Now.AddHours(2)), (reports[0].From, reports[0].To)); // newest first
        Assert.True(reports[0].GeneratedAt >= Now.AddHours(2), $"generated at {reports[0].GeneratedAt:O}, before its period ended");
        Assert.Equal(reports.Select(r => r.Id).Order(), bus.Of<ReportGenerated>().Select(e => e.ReportId).Order());
    }

    [Fact]
    public void NextBoundary_DailyInterval_NextUtcMidnightStrictlyAfter()
    {
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero), ScheduledReporter.NextBoundary(Now, TimeSpan.FromDays(1)));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero),
            ScheduledReporter.NextBoundary(new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromDays(1)));
    }

    [Fact]
    public async Task Execute_IntervalZero_ScheduleOffNoReport()
    {
        var time = new FakeTimeProvider(Now);
        var (harness, reporter, bus) = await CreateAsync(time, "00:00:00");
        await using var _ = harness;
        await reporter.StartAsync(CancellationToken.None);

        time.Advance(TimeSpan.FromDays(3));
        await reporter.StopAsync(CancellationToken.None); // ExecuteAsync returned at once; nothing is pending

        Assert.Empty(await harness.Get<IReportStore>().ListAsync(10, CancellationToken.None));
        Assert.Empty(bus.Of<ReportGenerated>());
    }
}
