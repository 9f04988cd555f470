using System.Text.RegularExpressions;
using SmartMaintenance.Cloud.Dashboard;
using SmartMaintenance.Dashboard.Tests.Browser;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Dashboard.Tests.Docs;

/// <summary>
/// The screenshots in docs/screenshots are the browser tests' own (refreshed with
/// tests/SmartMaintenance.Dashboard.Tests/copy-screenshots-to-docs.sh after a run): each one has the name of a screenshot a
/// browser test writes, no two tests write the same name (the published one would depend on the test order), each is
/// shown by a document, and every screenshot a document shows exists.
/// </summary>
public sealed partial class DocsScreenshotsTests
{
    private static readonly string Folder = Path.Combine(RepoPaths.Root, "docs", "screenshots");

    [Fact]
    public void EveryDocsScreenshot_IsWrittenByExactlyOneBrowserTestCall()
    {
        var written = WrittenByTests();
        var duplicates = written.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        var notWritten = Published().Where(n => !written.Contains(n, StringComparer.Ordinal)).ToList();

        Assert.True(duplicates.Count == 0, "written by more than one call: " + string.Join(", ", duplicates));
        Assert.True(notWritten.Count == 0, "in docs/screenshots but written by no browser test: " + string.Join(", ", notWritten));
    }

    [Fact]
    public void EveryDocsScreenshot_IsShownByADocument_AndEveryShownOneExists()
    {
        var documents = Directory.GetFiles(Path.Combine(RepoPaths.Root, "docs"), "*.md")
            .Append(Path.Combine(RepoPaths.Root, "README.md")).Select(File.ReadAllText).ToList();
        var shown = documents.SelectMany(d => ScreenshotLink().Matches(d).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);

        var notShown = Published().Where(n => !shown.Contains(n)).ToList();
        var missing = shown.Where(n => !File.Exists(Path.Combine(Folder, n + ".png"))).Order(StringComparer.Ordinal).ToList();

        Assert.True(notShown.Count == 0, "in docs/screenshots but shown by no document: " + string.Join(", ", notShown));
        Assert.True(missing.Count == 0, "shown by a document but not in docs/screenshots: " + string.Join(", ", missing));
    }

    private static IReadOnlyList<string> Published() =>
        [.. Directory.GetFiles(Folder, "*.png").Select(f => Path.GetFileNameWithoutExtension(f)).OfType<string>().Order(StringComparer.Ordinal)];

    /// <summary>The names the browser tests pass to ScreenshotAsync as literals, and the menu walk's (one per page and language).</summary>
    private static List<string> WrittenByTests()
    {
        var sources = Directory.GetFiles(Path.Combine(RepoPaths.Root, "tests", "SmartMaintenance.Dashboard.Tests", "Browser"), "*.cs")
            .Select(File.ReadAllText);
        var literals = sources.SelectMany(s => ScreenshotCall().Matches(s).Select(m => m.Groups[1].Value));
        var walk = DashboardNavigation.Items.SelectMany(i => new[] { "en", "pt-BR" }.Select(c => LanguageJourneyTests.MenuScreenshotName(i.Page, c)));
        return [.. literals.Concat(walk)];
    }

    [GeneratedRegex("""ScreenshotAsync\(\s*\w+\s*,\s*"([^"{}]+)"\s*\)""")]
    private static partial Regex ScreenshotCall();

    [GeneratedRegex(@"screenshots/([A-Za-z0-9._-]+)\.png")]
    private static partial Regex ScreenshotLink();
}
