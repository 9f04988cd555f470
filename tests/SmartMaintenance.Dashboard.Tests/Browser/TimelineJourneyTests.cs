using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Scheduling;
using SmartMaintenance.Cloud.Dashboard.Display;

namespace SmartMaintenance.Dashboard.Tests.Browser;

/// <summary>
/// The Maintenance page's week per technician, read as a supervisor at a 1280 x 800 desk screen: one order on each of
/// the seven plant days, today's just after local midnight and the last day's just before it (the instants a UTC
/// cut would move to another day), in UTC and in São Paulo (UTC-03:00: 23:30 there is 02:30 UTC the next day). Every
/// day is a column with its order, and every column is on screen, not behind a sideways scroll (the seventh day used
/// to be: fixed minimum widths made the table wider than the frame).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TimelineJourneyTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("UTC")]
    [InlineData("America/Sao_Paulo")]
    public async Task Timeline_AnOrderOnEachOfTheSevenDays_EveryDayShownWithItsOrderAtADeskWidth(string zone)
    {
        var services = fixture.App.Services;
        var clock = services.GetRequiredService<PlantTime>();
        var store = services.GetRequiredService<IMaintenanceOrderStore>();
        var technician = "tl-" + Guid.NewGuid().ToString("N")[..6];
        var added = new List<MaintenanceOrder>();
        Assert.True(clock.Use(zone));
        try
        {
            // A page opened around local midnight would show another week than the one seeded: seed again for the new day.
            DateTime today;
            IPage page;
            do
            {
                foreach (var stale in added)
                {
                    await store.UpdateStatusAsync(stale.Id, MaintenanceStatus.Scheduled, MaintenanceStatus.Rejected, CancellationToken.None);
                }

                today = clock.Local(DateTimeOffset.UtcNow).Date;
                for (var d = 0; d < 7; d++)
                {
                    var localStart = today.AddDays(d) + (d == 0 ? new TimeSpan(0, 15, 0) : d == 6 ? new TimeSpan(23, 30, 0) : new TimeSpan(12, 0, 0));
                    var start = clock.ToUtc(localStart);
                    var source = "timeline-test:" + Guid.NewGuid().ToString("N");
                    var (order, _) = await store.AddAsync(new MaintenanceOrder(0, source, source, $"{technician}-m{d}", $"{technician}-m{d}-vib",
                        MaintenanceStatus.Scheduled, "P2", 0.6, technician, start, start.AddMinutes(25), null, "timeline test", DateTimeOffset.UtcNow),
                        CancellationToken.None);
                    added.Add(order);
                }

                page = await fixture.NewPageAsync(DashboardApp.Viewer);
                await page.SetViewportSizeAsync(1280, 800);
                await page.GotoAsync("/ui/Maintenance");
            }
            while (clock.Local(DateTimeOffset.UtcNow).Date != today);

            var days = Enumerable.Range(0, 7).Select(d => today.AddDays(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray();
            var timeline = page.Locator("#orders-timeline");
            Assert.Equal(days, await timeline.Locator("thead th[data-day]").EvaluateAllAsync<string[]>("hs => hs.map(h => h.dataset.day)"));
            var row = timeline.Locator($"tr[data-technician-row='{technician}']");
            for (var d = 0; d < 7; d++)
            {
                var order = added[^(7 - d)];
                await Assertions.Expect(row.Locator($"td[data-day='{days[d]}'] [data-slot-order='{order.Id}']")).ToHaveCountAsync(1);
            }

            await Assertions.Expect(row.Locator("[data-slot-order]")).ToHaveCountAsync(7);
            // On screen: the row scrolled into view vertically only, every day's header and cell end inside the frame and the viewport.
            var hidden = await row.EvaluateAsync<string[]>("""
                r => {
                    window.scrollTo(0, window.scrollY + r.getBoundingClientRect().top - 200);
                    const table = r.closest('table'), frame = table.closest('.table-wrap');
                    const limit = Math.min(window.innerWidth, frame.getBoundingClientRect().right);
                    const cells = [...table.tHead.rows[0].cells, ...r.cells];
                    const out = cells.filter(c => c.getBoundingClientRect().right > limit + 1)
                        .map(c => `${c.dataset.day || c.textContent.trim()} ends at ${Math.round(c.getBoundingClientRect().right)} px, visible to ${Math.round(limit)} px`);
                    if (frame.scrollWidth > frame.clientWidth + 1) out.push(`the timeline scrolls sideways: ${frame.scrollWidth} px in ${frame.clientWidth} px`);
                    return out;
                }
                """);
            Assert.True(hidden.Length == 0, "timeline days out of sight at 1280 px:\n" + string.Join("\n", hidden));
            await Assertions.Expect(row.Locator($"[data-slot-order='{added[^1].Id}']")).ToBeInViewportAsync(new() { Ratio = 1 });
            await Assertions.Expect(row.Locator($"[data-slot-order='{added[^1].Id}']")).ToContainTextAsync(
                clock.Local(added[^1].Start!.Value).ToString("t", CultureInfo.GetCultureInfo("en")));
        }
        finally
        {
            // The host is shared: the plant back on UTC, and these orders out of everyone's upcoming work.
            clock.Use("UTC");
            foreach (var o in added)
            {
                await store.UpdateStatusAsync(o.Id, MaintenanceStatus.Scheduled, MaintenanceStatus.Rejected, CancellationToken.None);
            }
        }
    }
}
