using Deque.AxeCore.Playwright;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartMaintenance.Cloud.Agents.Reporting;
using SmartMaintenance.Cloud.Dashboard;
using SmartMaintenance.Cloud.Devices;
using SmartMaintenance.Contracts;

namespace SmartMaintenance.Dashboard.Tests.Browser;

/// <summary>
/// axe-core (Deque.AxeCore.Playwright) on every dashboard page, signed in as an admin (every form shown), in English
/// and in Portuguese: no serious or critical violation (contrast, labels, landmarks, names of controls).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("en-US")]
    [InlineData("pt-BR")]
    public async Task EveryPage_Axe_NoSeriousOrCriticalViolation(string language)
    {
        var device = "a11y-" + Guid.NewGuid().ToString("N")[..6];
        await fixture.App.Services.GetRequiredService<IDeviceStore>().CreateAsync(new DeviceRecord(device, "plant-1", device,
            DeviceSecretHasher.Hash(DeviceSecretHasher.NewSecret()), [new DeviceSensor(device + "-t", "temperature", "K")], true, false,
            null, DateTimeOffset.UtcNow, null), CancellationToken.None);
        var report = await fixture.App.Services.GetRequiredService<ReportService>().GenerateAsync(DateTimeOffset.UtcNow.AddHours(-1),
            DateTimeOffset.UtcNow, "a11y-report", "fleet", CancellationToken.None, keepEmpty: true);
        var paths = DashboardNavigation.Items.Select(i => "/ui/" + i.Path).Append("/ui/Devices/" + device).Append($"/ui/Reports/{report!.Id}").ToList();

        var signIn = await fixture.NewPageAsync(null, language);
        await signIn.GotoAsync("/ui/Account/SignIn");
        var problems = await SeriousAsync(signIn, "/ui/Account/SignIn");

        var page = await fixture.NewPageAsync(DashboardApp.Admin, language);
        foreach (var path in paths)
        {
            await page.GotoAsync(path);
            problems.AddRange(await SeriousAsync(page, path));
        }

        Assert.True(problems.Count == 0, "axe (" + language + "):\n" + string.Join("\n", problems));
    }

    private static async Task<List<string>> SeriousAsync(IPage page, string path)
    {
        var result = await page.RunAxe();
        return result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{path}: {v.Impact} {v.Id} ({v.Help}) at {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Target?.ToString() + " " + n.Html))}")
            .ToList();
    }
}
