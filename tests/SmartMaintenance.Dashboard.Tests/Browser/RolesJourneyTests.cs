using Microsoft.Playwright;

namespace SmartMaintenance.Dashboard.Tests.Browser;

/// <summary>Journey 6: a viewer cannot record a decision or promote a model; the same request from a role that may passes.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RolesJourneyTests(BrowserFixture fixture)
{
    // Posts a form the way the browser does (with the page's anti-forgery token), bypassing any hidden button.
    private static Task PostFromPageAsync(IPage page, string action) =>
        page.EvaluateAsync(@"action => {
            const form = document.createElement('form');
            form.method = 'post';
            form.action = action;
            form.appendChild(document.querySelector('input[name=__RequestVerificationToken]').cloneNode());
            document.body.appendChild(form);
            form.submit();
        }", action);

    [Theory]
    [InlineData("/ui/Decisions")]
    [InlineData("/ui/Models")]
    [InlineData("/ui/Ingest")]
    public async Task Viewer_PostingAnAction_LandsOnNotAllowed(string path)
    {
        var page = await fixture.NewPageAsync(DashboardApp.Viewer);
        await page.GotoAsync(path);

        var response = await page.RunAndWaitForResponseAsync(() => PostFromPageAsync(page, path), r => r.Url.Contains("/account/denied", StringComparison.OrdinalIgnoreCase));

        Assert.Equal(403, response.Status);
        await Assertions.Expect(page.Locator("#denied")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "denied-en");
    }

    [Fact]
    public async Task Operator_PostingADecision_IsNotRefused()
    {
        var page = await fixture.NewPageAsync(DashboardApp.Operator);
        await page.GotoAsync("/ui/Decisions");

        var response = await page.RunAndWaitForResponseAsync(() => PostFromPageAsync(page, "/ui/Decisions"), r => r.Request.Method == "POST");

        Assert.Equal(200, response.Status);
        await Assertions.Expect(page.Locator("#denied")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Operator_PromotingAModel_LandsOnNotAllowed()
    {
        var page = await fixture.NewPageAsync(DashboardApp.Operator);
        await page.GotoAsync("/ui/Models");

        await PostFromPageAsync(page, "/ui/Models");

        await page.WaitForURLAsync(u => u.Contains("/account/denied", StringComparison.OrdinalIgnoreCase));
        await Assertions.Expect(page.Locator("#denied")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Anonymous_OpeningAPage_IsSentToSignIn()
    {
        var page = await fixture.NewPageAsync(null);

        await page.GotoAsync("/ui/Decisions");

        Assert.Contains("/account/signin", page.Url, StringComparison.OrdinalIgnoreCase);
        await Assertions.Expect(page.Locator("#signin-form")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SignIn_WrongPassword_IsRefused()
    {
        var page = await fixture.NewPageAsync(null);
        await page.GotoAsync("/ui/Account/SignIn");
        await page.FillAsync("#UserName", DashboardApp.Admin.User);
        await page.FillAsync("#Password", "not-the-password");

        await page.ClickAsync("#signin-submit");

        Assert.Contains("/account/signin", page.Url, StringComparison.OrdinalIgnoreCase);
        await Assertions.Expect(page.Locator(".errors")).ToContainTextAsync("wrong");
    }
}
