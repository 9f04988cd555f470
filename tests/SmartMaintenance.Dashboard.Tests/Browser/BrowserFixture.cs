using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartMaintenance.Cloud.Ml.Data;
using SmartMaintenance.Cloud.Ml.Prediction;
using SmartMaintenance.Cloud.Ml.Registry;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Dashboard.Tests.Browser;

/// <summary>
/// One cloud host and one headless Chromium for all browser tests (starting them dominates the run time).
/// Chromium is Debian's (apt package chromium) at /usr/bin/chromium, or SM_CHROMIUM; Playwright never downloads a
/// browser here. Every test gets its own browser context (fresh cookies, fresh storage).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumEnvironmentVariable = "SM_CHROMIUM";

    private IPlaywright? _playwright;
    private IBrowserContext? _context;

    public DashboardApp App { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: TestResults/dashboard-screenshots under the test project (git-ignored).</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(
        SmartMaintenance.TestSupport.RepoPaths.Root, "tests", "SmartMaintenance.Dashboard.Tests", "TestResults", "dashboard-screenshots");

    public async Task InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable(ChromiumEnvironmentVariable) is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException($"Chromium not found at {chromium}: apt-get install chromium (or set {ChromiumEnvironmentVariable}).");
        }

        Directory.CreateDirectory(ScreenshotDirectory);
        // CI runs the test projects side by side on two cores: give web-first assertions the same 15 s as actions
        // (Playwright's default is 5 s), so a loaded machine is not mistaken for a broken page.
        Assertions.SetDefaultExpectTimeout(15_000);
        App = await DashboardApp.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>
    /// A fresh context (no cookies) at 1280 px, or phone width when asked, already signed in when a user is given.
    /// The previous test's context is closed first (the browser tests run one after another in one collection):
    /// its open pages would otherwise keep their live streams, so the producers keep polling and every pushed
    /// event makes each of them re-render.
    /// </summary>
    public async Task<IPage> NewPageAsync((string User, string Password, string Role)? user, string acceptLanguage = "en-US", bool phone = false)
    {
        if (_context is not null)
        {
            await _context.CloseAsync();
            _context = null;
        }

        var context = _context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.Url,
            Locale = acceptLanguage,
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = acceptLanguage },
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        if (user is { } u)
        {
            await SignInAsync(page, u.User, u.Password);
        }

        return page;
    }

    /// <summary>
    /// On a first start the host trains the baseline failure model in the background (about 15 s here); pages and
    /// the Golden Path that need predictions wait for it, as a person would on a fresh install.
    /// </summary>
    public Task WaitForProductionModelAsync()
    {
        var predictor = App.Services.GetRequiredService<IFailurePredictor>();
        return Eventually.WaitForAsync(async () =>
        {
            try
            {
                await predictor.PredictAsync("ai4i-failure", "auto", new MachineReading('L', 300, 310, 1500, 40, 0), CancellationToken.None);
                return true;
            }
            catch (ModelNotFoundException)
            {
                return false;
            }
        }, ready => ready, TimeSpan.FromSeconds(120), "the baseline model to be trained and promoted");
    }

    /// <summary>
    /// Shows the demo site's data in this page's browser context (the cookie the top bar's switch sets): journeys that
    /// use the simulator to raise alerts and incidents look at them on the fleet pages, where demo data is hidden by default.
    /// </summary>
    public Task ShowDemoDataAsync(IPage page) => page.Context.AddCookiesAsync(
    [
        new Cookie { Name = SmartMaintenance.Cloud.Dashboard.Display.DemoVisibility.Cookie, Value = "show", Domain = new Uri(App.Url).Host, Path = "/ui" },
    ]);

    public static async Task SignInAsync(IPage page, string user, string password)
    {
        await page.GotoAsync("/ui/Account/SignIn");
        await page.FillAsync("#UserName", user);
        await page.FillAsync("#Password", password);
        await page.ClickAsync("#signin-submit");
        await page.WaitForURLAsync(url => !url.Contains("/Account/SignIn", StringComparison.OrdinalIgnoreCase));
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (App is not null)
        {
            await App.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
