using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartMaintenance.Cloud.Ml.Data;
using SmartMaintenance.Cloud.Ml.Prediction;
using SmartMaintenance.Dashboard.Tests.Resources;

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

    [Fact]
    public async Task Prediction_CelsiusPreference_TemperaturesTypedAndShownInCelsiusModelGetsKelvin()
    {
        await fixture.WaitForProductionModelAsync();
        var pt = CultureInfo.GetCultureInfo("pt-BR");
        var page = await fixture.NewPageAsync(DashboardApp.Operator, "pt-BR");
        await page.GotoAsync("/ui/Prediction");
        await Assertions.Expect(page.Locator("label[for=AirTemperature]")).ToHaveTextAsync(string.Format(pt, ResourceFiles.Portuguese["Prediction.AirTemperature"], "K"));
        await Assertions.Expect(page.Locator("#AirTemperature")).ToHaveValueAsync("302,5");

        // The header's unit picker, as a user switches it: the form's labels and defaults follow (302.5 K = 29.35 °C).
        await page.SelectOptionAsync("#temp-select", "C");
        await page.ClickAsync("#lang-apply");
        await Assertions.Expect(page.Locator("#temp-select")).ToHaveValueAsync("C");
        await Assertions.Expect(page.Locator("label[for=AirTemperature]")).ToHaveTextAsync(string.Format(pt, ResourceFiles.Portuguese["Prediction.AirTemperature"], "°C"));
        await Assertions.Expect(page.Locator("label[for=ProcessTemperature]")).ToHaveTextAsync(string.Format(pt, ResourceFiles.Portuguese["Prediction.ProcessTemperature"], "°C"));
        await Assertions.Expect(page.Locator("#AirTemperature")).ToHaveValueAsync("29,35");

        // 126 °C is the top of the range in Celsius; 130 °C (403 K) is refused next to the field, in °C.
        await page.FillAsync("#AirTemperature", "130");
        await page.ClickAsync("#predict-submit");
        await Assertions.Expect(page.Locator("span[data-valmsg-for=AirTemperature]")).ToHaveTextAsync(ResourceFiles.Portuguese["Prediction.Error.Celsius"]);
        await Assertions.Expect(page.Locator("#prediction-result")).ToHaveCountAsync(0);

        await page.FillAsync("#AirTemperature", "29,35");
        await page.FillAsync("#ProcessTemperature", "38,05");
        await page.FillAsync("#RotationalSpeedRpm", "1250");
        await page.FillAsync("#TorqueNm", "72");
        await page.FillAsync("#ToolWearMin", "230");
        await page.ClickAsync("#predict-submit");

        // The model answered for the same point in kelvin (29.35 °C + 273.15), and the inputs stay in °C.
        var expected = await fixture.App.Services.GetRequiredService<IFailurePredictor>().PredictAsync("ai4i-failure", "auto",
            new MachineReading('L', 29.35 + 273.15, 38.05 + 273.15, 1250, 72, 230), explain: true, CancellationToken.None);
        await Assertions.Expect(page.Locator("#prediction-probability")).ToHaveTextAsync(expected.FailureProbability.ToString("P1", pt));
        await Assertions.Expect(page.Locator("#AirTemperature")).ToHaveValueAsync("29,35");
        await Assertions.Expect(page.Locator("#ProcessTemperature")).ToHaveValueAsync("38,05");
        // The explanation's temperatures too: this machine's and the typical one's, in °C with one decimal.
        foreach (var feature in new[] { "Air_temperature_K", "Process_temperature_K" })
        {
            var cells = page.Locator($"#prediction-contributions tr[data-feature='{feature}'] td.num");
            foreach (var cell in new[] { cells.Nth(0), cells.Nth(1) })
            {
                var text = await cell.InnerTextAsync();
                Assert.Matches("^[0-9]{2},[0-9]\u00a0°C$", text);
                Assert.InRange(double.Parse(text[..^3], pt), 15, 50);
            }
        }

        await BrowserFixture.ScreenshotAsync(page, "prediction-celsius-pt-BR");
    }
}
