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
    public async Task Operator_PostingADecisionWithoutTheAntiforgeryToken_IsRefusedWith400()
    {
        var page = await fixture.NewPageAsync(DashboardApp.Operator);
        await page.GotoAsync("/ui/Decisions");
        var form = new Dictionary<string, string> { ["OrderId"] = "1", ["Decision"] = "Approve", ["Reason"] = "cross-site attempt" };

        // The signed-in context's cookies go along (as a forged cross-site form would carry them), the token does not.
        var response = await page.APIRequest.PostAsync("/ui/Decisions", new() { Form = FormOf(page, form) });

        Assert.Equal(400, response.Status);
        // The same form with the page's token passes the check (it reaches the handler, which answers 200).
        form["__RequestVerificationToken"] = (await page.Locator("#decision-form input[name=__RequestVerificationToken]").GetAttributeAsync("value"))!;
        var withToken = await page.APIRequest.PostAsync("/ui/Decisions", new() { Form = FormOf(page, form) });
        Assert.Equal(200, withToken.Status);
    }

    private static IFormData FormOf(IPage page, Dictionary<string, string> fields)
    {
        var data = page.Context.APIRequest.CreateFormData();
        foreach (var (name, value) in fields)
        {
            data.Set(name, value);
        }

        return data;
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
