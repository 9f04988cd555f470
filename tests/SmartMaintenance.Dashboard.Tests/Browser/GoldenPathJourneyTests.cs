using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartMaintenance.Cloud.Agents.Orchestration;
using SmartMaintenance.Dashboard.Tests.Resources;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Dashboard.Tests.Browser;

/// <summary>
/// Journey 3: a Golden Path started from the page completes, its seven stages updated live (no reload). The run
/// is started without the automatic decision, so it waits at the decision stage (the orchestrator holds it there
/// until a decision on its order is recorded, or the stage timeout of 90 s): the open page shows that stage
/// running, an operator approves the order on the Decision Log in a second tab, and the first page moves to
/// seven stages Done by itself. Without the wait the whole run takes milliseconds and the first render would
/// already show it finished, proving nothing about the stream.
/// </summary>
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
        await page.UncheckAsync("#AutoDecide");

        await page.ClickAsync("#golden-start");
        await page.WaitForURLAsync(u => u.Contains("run=", StringComparison.Ordinal));
        // A marker that a reload would wipe: the stages below must change through the live stream alone.
        await page.EvaluateAsync("() => { window.__noReload = true; }");
        var stages = page.Locator("#golden-run li[data-stage]");
        await Assertions.Expect(stages).ToHaveCountAsync(7);
        var runId = new Uri(page.Url).Query.Split("run=")[1];
        var orchestrator = fixture.App.Services.GetRequiredService<GoldenPathOrchestrator>();

        // The run waits for a person: five stages done, the decision running, the report pending.
        var decision = page.Locator("#golden-run li[data-stage=decision]");
        await Assertions.Expect(decision).ToHaveAttributeAsync("data-status", "Running", new() { Timeout = 60_000 });
        await Assertions.Expect(decision.Locator("[data-state]")).ToHaveTextAsync(ResourceFiles.Portuguese["GoldenPath.Status.Running"]);
        await Assertions.Expect(page.Locator("#golden-run li[data-status=Done]")).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("#golden-run li[data-stage=report]")).ToHaveAttributeAsync("data-status", "Pending");
        await Assertions.Expect(page.Locator("#golden-outcome")).ToBeHiddenAsync();
        var waiting = orchestrator.Find(runId)!.View();
        Assert.Equal(StageStatus.Running, waiting.Status);
        Assert.NotNull(waiting.OrderId);
        await BrowserFixture.ScreenshotAsync(page, "GoldenPath-waiting-pt-BR");

        // An operator approves the run's order on the Decision Log, in another tab.
        var decisions = await page.Context.NewPageAsync();
        await decisions.GotoAsync("/ui/Decisions");
        await decisions.SelectOptionAsync("#OrderId", waiting.OrderId!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await decisions.SelectOptionAsync("#Decision", "Approve");
        await decisions.FillAsync("#Reason", "Conferido na máquina, pode seguir");
        await decisions.ClickAsync("#decision-submit");
        await Assertions.Expect(decisions.Locator("#decision-recorded")).ToBeVisibleAsync();
        await decisions.CloseAsync();

        // The first page follows without a reload: decision and report done, the outcome shown.
        await Assertions.Expect(page.Locator("#golden-run li[data-status=Done]")).ToHaveCountAsync(7, new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#golden-outcome [data-when=Done]")).ToBeVisibleAsync();
        await Assertions.Expect(stages.Nth(6).Locator("[data-state]")).ToHaveTextAsync(ResourceFiles.Portuguese["GoldenPath.Status.Done"]);
        // Stage details in Portuguese: rendered by the server on load, and pushed by the stream (the decision's detail
        // only ever arrived that way), both from the resources in the reader's culture.
        var pt = ResourceFiles.Portuguese;
        var total = orchestrator.Find(runId)!.TotalReadings.ToString("N0", new System.Globalization.CultureInfo("pt-BR"));
        await Assertions.Expect(page.Locator("#golden-run li[data-stage=validation] [data-detail]"))
            .ToHaveTextAsync(string.Format(pt["AgentText.golden-path.validated"], total));
        await Assertions.Expect(decision.Locator("[data-detail]")).ToHaveTextAsync(string.Format(pt["AgentText.golden-path.decided"],
            pt["Decisions.Kind.Approve"], DashboardApp.Operator.User, "Conferido na máquina, pode seguir"));
        Assert.True(await page.EvaluateAsync<bool>("() => window.__noReload === true"), "the page reloaded instead of updating live");
        await BrowserFixture.ScreenshotAsync(page, "GoldenPath-run-pt-BR");

        var run = await Eventually.WaitForAsync(() => Task.FromResult(orchestrator.Find(runId)!.View()),
            v => v.Status != StageStatus.Running, TimeSpan.FromSeconds(10), "the Golden Path run to finish");
        Assert.Equal(StageStatus.Done, run.Status);
        Assert.NotNull(run.ReportId);
    }
}
