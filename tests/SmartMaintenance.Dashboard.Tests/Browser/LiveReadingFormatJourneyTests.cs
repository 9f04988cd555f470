using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartMaintenance.Cloud.Dashboard.Display;

namespace SmartMaintenance.Dashboard.Tests.Browser;

/// <summary>
/// The Overview's latest readings: a row the live stream adds reads, cell for cell, like the same row the server
/// writes after a reload, in English and in Português (each language's own date and time format), with the plant in
/// São Paulo so the zone's offset is part of the time. The script used to write times with Intl's styles
/// ("12/6/26, 3:04:05 PM UTC-3") while the server wrote .NET's ("12/6/2026 3:04:05 PM UTC-03:00").
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class LiveReadingFormatJourneyTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("en-US")]
    [InlineData("pt-BR")]
    public async Task Overview_ReadingAddedLive_ReadsTheSameAfterAReload(string language)
    {
        var clock = fixture.App.Services.GetRequiredService<PlantTime>();
        Assert.True(clock.Use("America/Sao_Paulo"));
        try
        {
            var page = await fixture.NewPageAsync(DashboardApp.Viewer, language);
            await page.GotoAsync("/ui");
            await Assertions.Expect(page.Locator("[data-live-status=readings].on")).ToHaveCountAsync(1);
            var sensor = "FMT_" + Guid.NewGuid().ToString("N")[..8];

            using var http = new HttpClient { BaseAddress = new Uri(fixture.App.Url) };
            http.DefaultRequestHeaders.Add("x-api-key", DashboardApp.ApiKey);
            var response = await http.PostAsJsonAsync("/api/v1/data/ingest",
                new { sensor_id = sensor, value = 1234.4, sensor_type = "rotational_speed", unit = "rpm" });
            response.EnsureSuccessStatusCode();

            var live = page.Locator("#live-readings tbody tr", new() { HasText = sensor });
            await Assertions.Expect(live).ToHaveAttributeAsync("data-live", "true");
            var liveCells = await live.Locator("td").AllInnerTextsAsync();

            await page.ReloadAsync();
            var served = page.Locator("#live-readings tbody tr", new() { HasText = sensor });
            await Assertions.Expect(served).ToHaveCountAsync(1);
            await Assertions.Expect(served).Not.ToHaveAttributeAsync("data-live", "true");
            var servedCells = await served.Locator("td").AllInnerTextsAsync();

            Assert.Equal(servedCells, liveCells);
            // And it is the language's own format: 06/12/2026 09:04:05 in Portuguese, 12/6/2026 9:04:05 AM in English.
            Assert.Matches(language == "pt-BR" ? PortugueseTime() : EnglishTime(), servedCells[0]);
            Assert.Equal(sensor, servedCells[1]);
            Assert.Equal(language == "pt-BR" ? "1.234" : "1,234", servedCells[3]);
        }
        finally
        {
            clock.Use("UTC");
        }
    }

    [GeneratedRegex(@"^\d{2}/\d{2}/\d{4} \d{2}:\d{2}:\d{2} UTC-03:00$")]
    private static partial Regex PortugueseTime();

    [GeneratedRegex(@"^\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}:\d{2}\s(AM|PM) UTC-03:00$")]
    private static partial Regex EnglishTime();
}
