using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartMaintenance.Cloud.Agents.AnomalyDetection;
using SmartMaintenance.Cloud.Agents.DecisionAudit;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Reporting;
using SmartMaintenance.Cloud.Agents.Scheduling;
using SmartMaintenance.Cloud.Dashboard;
using SmartMaintenance.Cloud.Devices;
using SmartMaintenance.Cloud.Storage;
using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Dashboard.Tests.Browser;

/// <summary>
/// Every page on a phone (390 x 844, Português, the longer language), with rows in its tables: neither the page nor any
/// table scrolls sideways (wide tables become one card per row, each value beside its label). The Alerts, Report and
/// Decision Log journeys check their cards' content; this one checks that no page was left out. At desk widths
/// (1280 x 800, 1366 x 768, 1440 x 900) every table's last column is on screen (the orders table used to cut off its
/// Approve column at 1280 px) and every button can be pressed: the element at its centre is the button.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PhoneLayoutJourneyTests(BrowserFixture fixture)
{
    private const int PhoneWidth = 390;

    [Fact]
    public async Task EveryPage_OnAPhone_NoTableScrollsSideways()
    {
        var device = await SeedAsync("phone-");
        var paths = DashboardNavigation.Items.Select(i => "/ui/" + i.Path).Append("/ui/Devices/" + device).ToList();
        var page = await fixture.NewPageAsync(DashboardApp.Admin, "pt-BR", phone: true);
        var problems = new List<string>();
        foreach (var path in paths)
        {
            await page.GotoAsync(path);
            await Assertions.Expect(page.Locator("#page-title")).ToBeVisibleAsync();
            var pageWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            if (pageWidth > PhoneWidth)
            {
                // Name the innermost elements that stick out, so the failure says what to fix.
                var culprits = await page.EvaluateAsync<string[]>("""
                    () => [...document.querySelectorAll('body *')]
                        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                        .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 1))
                        .slice(0, 5)
                        .map(e => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className ? '.' + String(e.className).split(' ').join('.') : ''} to ${Math.round(e.getBoundingClientRect().right)} px`)
                    """);
                problems.Add($"{path}: the page is {pageWidth} px wide ({string.Join(", ", culprits)})");
            }

            // A table inside a scrolling frame (.table-wrap) widens no page, so each frame is measured too.
            var wide = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('main table')]
                    .filter(t => t.offsetParent !== null && t.querySelector('tbody tr'))
                    .map(t => [t, t.parentElement.classList.contains('table-wrap') ? t.parentElement : t])
                    .filter(([t, frame]) => Math.max(t.scrollWidth, frame.scrollWidth) > frame.clientWidth + 1)
                    .map(([t, frame]) => `${t.id || t.className || 'table'} ${Math.max(t.scrollWidth, frame.scrollWidth)} px in ${frame.clientWidth} px`)
                """);
            problems.AddRange(wide.Select(w => $"{path}: {w}"));
        }

        Assert.True(problems.Count == 0, "sideways scrolling at phone width:\n" + string.Join("\n", problems));
    }

    /// <summary>
    /// Desk screens beside the side menu, in both languages: on every page with a table (rows seeded on each, orders in
    /// every state that has a next step) the page does not scroll sideways, no table frame scrolls sideways, the last
    /// column of every table ends inside its frame and the viewport, and every visible button or button-like link is
    /// what a click at its centre hits, after scrolling the page vertically only (never sideways, which would hide the fault).
    /// </summary>
    [Theory]
    [InlineData(1280, 800, "en-US")]
    [InlineData(1280, 800, "pt-BR")]
    [InlineData(1366, 768, "pt-BR")]
    [InlineData(1440, 900, "pt-BR")]
    public async Task EveryPage_AtDeskWidths_EveryTablesLastColumnOnScreen_EveryButtonClickable(int width, int height, string language)
    {
        var device = await SeedAsync("desk-");
        var orders = await SeedOrdersAsync(device);
        try
        {
            await CheckDeskLayoutAsync(device, width, height, language);
        }
        finally
        {
            // The host is shared: these orders leave everyone's upcoming work.
            var store = fixture.App.Services.GetRequiredService<IMaintenanceOrderStore>();
            foreach (var o in orders)
            {
                await store.UpdateStatusAsync(o.Id, o.Status, MaintenanceStatus.Rejected, CancellationToken.None);
            }
        }
    }

    private async Task CheckDeskLayoutAsync(string device, int width, int height, string language)
    {
        var paths = DashboardNavigation.Items.Select(i => "/ui/" + i.Path).Append("/ui/Devices/" + device).ToList();
        var page = await fixture.NewPageAsync(DashboardApp.Admin, language);
        await page.SetViewportSizeAsync(width, height);
        var problems = new List<string>();
        var checkedTables = 0;
        foreach (var path in paths)
        {
            await page.GotoAsync(path);
            await Assertions.Expect(page.Locator("#page-title")).ToBeVisibleAsync();
            var found = await page.EvaluateAsync<string[]>("""
                () => {
                    const out = [], vw = window.innerWidth;
                    const name = t => t.id || t.className || 'table';
                    if (document.documentElement.scrollWidth > vw + 1) out.push(`the page is ${document.documentElement.scrollWidth} px wide`);
                    const tables = [...document.querySelectorAll('main table')].filter(t => t.offsetParent !== null && t.tBodies.length && t.tBodies[0].rows.length);
                    for (const t of tables) {
                        const frame = t.closest('.table-wrap');
                        const limit = Math.min(vw, frame ? frame.getBoundingClientRect().right : vw);
                        // A header clipped to 1 px (a table shown as cards) is for screen readers only: not a column on screen.
                        const head = t.tHead && t.tHead.getBoundingClientRect().width > 1 ? t.tHead.rows[0] : null;
                        for (const r of [head, t.tBodies[0].rows[0]].filter(r => r && r.cells.length)) {
                            const last = r.cells[r.cells.length - 1], right = last.getBoundingClientRect().right;
                            if (right > limit + 1) out.push(`${name(t)}: its last column "${last.textContent.trim().slice(0, 30)}" ends at ${Math.round(right)} px, visible to ${Math.round(limit)} px`);
                        }
                        if (frame && frame.scrollWidth > frame.clientWidth + 1) {
                            // Each column's width, so the failure says which column to narrow.
                            const widths = t.tHead ? [...t.tHead.rows[0].cells].map(c => `${c.textContent.trim()} ${Math.round(c.getBoundingClientRect().width)}`).join(', ') : '';
                            out.push(`${name(t)} scrolls sideways: ${frame.scrollWidth} px in ${frame.clientWidth} px (${widths})`);
                        }
                    }
                    out.push('#tables ' + tables.length);
                    return out;
                }
                """);
            checkedTables += int.Parse(found[^1]["#tables ".Length..], System.Globalization.CultureInfo.InvariantCulture);
            problems.AddRange(found[..^1].Select(p => $"{path}: {p}"));

            var blocked = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('main button, main a.button, main input[type=submit]')]
                    .filter(b => b.offsetParent !== null && b.getClientRects().length)
                    .map(b => {
                        window.scrollTo(window.scrollX, window.scrollY + b.getBoundingClientRect().top - window.innerHeight / 2);
                        const r = b.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
                        const inside = x >= 0 && x < window.innerWidth && y >= 0 && y < window.innerHeight;
                        const hit = inside ? document.elementFromPoint(x, y) : null;
                        if (hit && (hit === b || b.contains(hit))) return null;
                        const what = b.id || b.dataset.action || b.textContent.trim().slice(0, 30);
                        return `button "${what}" at (${Math.round(x)}, ${Math.round(y)}): ${hit ? 'covered by ' + hit.tagName.toLowerCase() + (hit.id ? '#' + hit.id : '') + (hit.className ? '.' + String(hit.className).split(' ').join('.') : '') : 'outside the viewport'}`;
                    })
                    .filter(p => p)
                """);
            problems.AddRange(blocked.Select(b => $"{path}: {b}"));
        }

        // The seeded rows put a table on the Maintenance, Alerts, Decision Log, Devices, Data Explorer, Reports and device pages at least.
        Assert.True(checkedTables >= 7, $"only {checkedTables} tables with rows were checked");
        Assert.True(problems.Count == 0, $"at {width} x {height} ({language}):\n" + string.Join("\n", problems));
    }

    /// <summary>Orders with each next step on the Maintenance page (Approve, Start work, Mark done), with the longest note the agent writes.</summary>
    private async Task<List<MaintenanceOrder>> SeedOrdersAsync(string device)
    {
        var orders = fixture.App.Services.GetRequiredService<IMaintenanceOrderStore>();
        var added = new List<MaintenanceOrder>();
        var now = DateTimeOffset.UtcNow;
        foreach (var (status, hours) in new[] { (MaintenanceStatus.Scheduled, 5), (MaintenanceStatus.Approved, 7), (MaintenanceStatus.InProgress, 9) })
        {
            var source = "layout-test:" + Guid.NewGuid().ToString("N");
            var start = now.AddHours(hours);
            // A technician outside the crew: the scheduling agent's calendar for other tests stays as it was.
            var (order, _) = await orders.AddAsync(new MaintenanceOrder(0, source, source, device, device + "-t", status, "P1", 0.97, "layout-technician", start,
                start.AddHours(2), start.AddDays(1), "moved for P1 order 12; before predicted failure " + start.AddDays(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                now), CancellationToken.None);
            added.Add(order);
        }

        return added;
    }

    /// <summary>A device of the plant with two sensors, their readings, an alert, a report and a request decision: rows on every list page.</summary>
    private async Task<string> SeedAsync(string prefix)
    {
        var device = prefix + Guid.NewGuid().ToString("N")[..6];
        var services = fixture.App.Services;
        var at = DateTimeOffset.UtcNow.AddMinutes(-3);
        Assert.True(await services.GetRequiredService<IDeviceStore>().CreateAsync(new DeviceRecord(device, "plant-1", "Prensa hidráulica " + device,
            DeviceSecretHasher.Hash(DeviceSecretHasher.NewSecret()), [new DeviceSensor(device + "-rpm", "rotational_speed", "rpm"),
                new DeviceSensor(device + "-t", "temperature", "K")], true, false, null, at, null), CancellationToken.None));
        await services.GetRequiredService<IReadingStore>().AppendAsync(
        [
            new NewReading(device, 1, device + "-rpm", "rotational_speed", "rpm", MessageKinds.Reading, 1500, at, at, null),
            new NewReading(device, 2, device + "-t", "temperature", "K", MessageKinds.Reading, 310.2, at, at, null),
        ], CancellationToken.None);
        await services.GetRequiredService<IAnomalyStore>().AddAsync(new AnomalyDetected(new EventMeta("phone-" + device, device, "corr-" + device, at),
            new SensorReading(2, device, device + "-t", "temperature", "K", "reading", 310.2, at, "corr-" + device), 0.8, AnomalySeverity.Medium,
            [new DetectorEvidence("zscore", 4.2, 3.0, "z 4.2")], []), CancellationToken.None);
        await services.GetRequiredService<ReportService>().GenerateAsync(at.AddHours(-1), at.AddMinutes(1), "phone-" + device, "fleet",
            CancellationToken.None, keepEmpty: true);
        await services.GetRequiredService<RequestDecisionService>().RecordAsync(
            new RequestDecisionRequest("REQ_" + device, DecisionKind.Defer, "joana.planejamento", "Aguardando a peça de reposição do fornecedor"),
            CancellationToken.None);
        return device;
    }
}
