using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartMaintenance.Cloud.Agents.AnomalyDetection;
using SmartMaintenance.Cloud.Agents.DecisionAudit;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Reporting;
using SmartMaintenance.Cloud.Dashboard;
using SmartMaintenance.Cloud.Devices;
using SmartMaintenance.Cloud.Storage;
using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Dashboard.Tests.Browser;

/// <summary>
/// Every page on a phone (390 x 844, Português, the longer language), with rows in its tables: neither the page nor any
/// table scrolls sideways (wide tables become one card per row, each value beside its label). The Alerts, Report and
/// Decision Log journeys check their cards' content; this one checks that no page was left out.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PhoneLayoutJourneyTests(BrowserFixture fixture)
{
    private const int PhoneWidth = 390;

    [Fact]
    public async Task EveryPage_OnAPhone_NoTableScrollsSideways()
    {
        var device = "phone-" + Guid.NewGuid().ToString("N")[..6];
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
}
