using System.Net;
using System.Text.RegularExpressions;

namespace SmartMaintenance.Cloud.Tests.Api;

/// <summary>
/// Issue 13, finding 5: repeated wrong dashboard passwords lock the account (and a spraying address) with a growing
/// wait, shown as 429 with the wait on the sign-in page in the user's language, counted on /metrics. Real host, real
/// form posts with the page's antiforgery token.
/// </summary>
public sealed partial class SignInLockoutTests
{
    private const string User = "lock.user";
    private const string Password = "right-Pass-2026";

    [Fact]
    public async Task SignIn_WrongPasswordThreeTimes_FourthAttemptEvenWithTheRightPassword429WithTheWait()
    {
        await using var host = await StartAsync();
        using var client = Client(host);

        for (var i = 0; i < 3; i++)
        {
            var wrong = await PostSignInAsync(client, User, "wrong-" + i);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains("User name or password is wrong.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var locked = await PostSignInAsync(client, User, Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        var seconds = int.Parse(locked.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(seconds, 1, 60);
        Assert.Contains($"Too many failed sign-in attempts. Try again in {seconds} s.", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(client.Cookies.GetCookies(new Uri(host.Url + "/ui/")), c => c.Name == "sm.dashboard");
        var metrics = await host.Admin.GetStringAsync("/metrics");
        Assert.Contains("sm_dashboard_signin_lockouts", metrics, StringComparison.Ordinal);
        Assert.Contains("sm_dashboard_signin_refused_locked", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_OneAddressSprayingManyNames_AddressLockedInPortuguese()
    {
        await using var host = await StartAsync();
        using var client = Client(host);
        client.Http.DefaultRequestHeaders.AcceptLanguage.ParseAdd("pt-BR");

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostSignInAsync(client, "nobody-" + i, "guess")).StatusCode);
        }

        var locked = await PostSignInAsync(client, "nobody-new", "guess");

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Contains("Muitas tentativas de entrada sem sucesso. Tente novamente em", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_RightPasswordBeforeTheLimit_SignsInAndClearsTheAccountsFailures()
    {
        await using var host = await StartAsync();
        using var client = Client(host);

        await PostSignInAsync(client, User, "wrong-1");
        await PostSignInAsync(client, User, "wrong-2");
        var ok = await PostSignInAsync(client, User, Password);
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);

        // Cleared: two more wrong attempts do not reach the limit of three.
        using var other = Client(host);
        await PostSignInAsync(other, User, "wrong-3");
        Assert.Equal(HttpStatusCode.OK, (await PostSignInAsync(other, User, "wrong-4")).StatusCode);
    }

    private static Task<CloudHost> StartAsync() => CloudHost.StartAsync(
        $"--Cloud:Dashboard:Users:{User}:Password={Password}",
        $"--Cloud:Dashboard:Users:{User}:Role=viewer",
        "--Cloud:Dashboard:Lockout:AccountFailures=3",
        "--Cloud:Dashboard:Lockout:AddressFailures=5",
        "--Cloud:Dashboard:Lockout:FirstLockout=00:00:30");

    private static FormClient Client(CloudHost host)
    {
        var cookies = new CookieContainer();
        var handler = new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false };
        return new FormClient(new HttpClient(handler) { BaseAddress = new Uri(host.Url) }, cookies);
    }

    /// <summary>GET the sign-in page for its antiforgery token (and cookie), then POST the form as a browser does.</summary>
    private static async Task<HttpResponseMessage> PostSignInAsync(FormClient client, string user, string password)
    {
        var page = await client.Http.GetStringAsync("/ui/account/signin");
        var token = TokenPattern().Match(page);
        Assert.True(token.Success, "no antiforgery token on the sign-in page");
        return await client.Http.PostAsync("/ui/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = user,
            ["Password"] = password,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
        }));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    private sealed record FormClient(HttpClient Http, CookieContainer Cookies) : IDisposable
    {
        public void Dispose() => Http.Dispose();
    }
}
