using Microsoft.Playwright;

namespace SmartMaintenance.Dashboard.Tests.Browser;

/// <summary>Journey 2: prediction -> create maintenance order -> the order is in the schedule with a technician.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PredictionJourneyTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Prediction_CreateOrder_AppearsInScheduleWithTechnician()
    {
        await fixture.WaitForProductionModelAsync();
        var machine = "press-" + Guid.NewGuid().ToString("N")[..6];
        var page = await fixture.NewPageAsync(DashboardApp.Operator);
        await page.GotoAsync("/ui/Prediction");
        await page.FillAsync("#Machine", machine);
        // High torque, low speed, worn tool: an overstrain-prone operating point of AI4I.
        await page.FillAsync("#RotationalSpeedRpm", "1250");
        await page.FillAsync("#TorqueNm", "72");
        await page.FillAsync("#ToolWearMin", "230");

        await page.ClickAsync("#predict-submit");
        await Assertions.Expect(page.Locator("#prediction-result")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#prediction-chart[data-rendered=true]")).ToHaveCountAsync(1);
        var probability = double.Parse((await page.Locator("#prediction-probability").InnerTextAsync()).TrimEnd('%', ' '),
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(probability >= 50, $"the test's operating point should be high risk, got {probability} %");
        await BrowserFixture.ScreenshotAsync(page, "Prediction-result-en");

        await page.ClickAsync("#order-submit");
        await Assertions.Expect(page.Locator("#order-created")).ToBeVisibleAsync();
        var technician = await page.Locator("#order-technician").InnerTextAsync();
        Assert.Matches("^tech", technician);

        await page.ClickAsync("#order-schedule-link");
        var row = page.Locator("#orders-table tbody tr", new() { HasText = machine });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row.Locator("[data-technician]")).ToHaveTextAsync(technician);
        await BrowserFixture.ScreenshotAsync(page, "Maintenance-order-en");
    }
}
