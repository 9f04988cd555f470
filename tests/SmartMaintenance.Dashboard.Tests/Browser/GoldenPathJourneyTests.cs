using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartMaintenance.Cloud.Agents.Orchestration;
using SmartMaintenance.Dashboard.Tests.Resources;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Dashboard.Tests.Browser;

/// <summary>Journey 3: a Golden Path started from the page completes, its seven stages updated live (no reload).</summary>
[Collection(BrowserCollection.Name)]
public sealed class GoldenPathJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task GoldenPath_StartedFromThePage_CompletesWithAllStagesShownLive()
    {
        // The prediction stage scores with the production model; without one the run's risk is 0 and no order is made.
        await fixture.WaitForProductionModelAsync();
        var page = await fixture.NewPageAsync(DashboardApp.Operator, "pt-BR");
        await page.GotoAsync("/ui/GoldenPath");
        await page.FillAsync("#Events", "10");
        await page.CheckAsync("#AutoDecide");

        await page.ClickAsync("#golden-start");
        await page.WaitForURLAsync(u => u.Contains("run=", StringComparison.Ordinal));
        // A marker that a reload would wipe: the stages below must change through the live stream alone.
        await page.EvaluateAsync("() => { window.__noReload = true; }");

        var stages = page.Locator("#golden-run li[data-stage]");
        await Assertions.Expect(stages).ToHaveCountAsync(7);
        var runId = new Uri(page.Url).Query.Split("run=")[1];
        var orchestrator = fixture.App.Services.GetRequiredService<GoldenPathOrchestrator>();
        var finished = await Eventually.WaitForAsync(() => Task.FromResult(orchestrator.Find(runId)!.View()),
            v => v.Status != StageStatus.Running, TimeSpan.FromSeconds(120), "the Golden Path run to finish");
        Assert.True(finished.Status == StageStatus.Done,
            "run " + finished.Status + ": " + string.Join("; ", finished.Stages.Select(st => $"{st.Name}={st.Status} {st.Detail}")));
        await Assertions.Expect(page.Locator("#golden-run li[data-status=Done]")).ToHaveCountAsync(7);
        await Assertions.Expect(page.Locator("#golden-outcome [data-when=Done]")).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.__noReload === true"), "the page reloaded instead of updating live");
        await Assertions.Expect(stages.Nth(6).Locator("[data-state]")).ToHaveTextAsync(ResourceFiles.Portuguese["GoldenPath.Status.Done"]);
        await BrowserFixture.ScreenshotAsync(page, "GoldenPath-run-pt-BR");

        var run = orchestrator.Find(runId)!.View();
        Assert.Equal(StageStatus.Done, run.Status);
        Assert.NotNull(run.OrderId);
    }
}
