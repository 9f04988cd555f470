using System.Text.Json.Nodes;

namespace SmartMaintenance.Cloud.Tests.Compatibility;

/// <summary>The fixture file itself: every entry names its document and section, and names are unique (one test case each).</summary>
public sealed class SeedRequestFixtureTests
{
    [Fact]
    public void Fixture_EveryRequestNamesItsSourceAndExpectation()
    {
        var all = SeedRequest.All;
        Assert.True(all.Count >= 25, $"only {all.Count} requests");
        Assert.Equal(all.Count, all.Select(r => r.Name).Distinct().Count());
        var documents = JsonNode.Parse(File.ReadAllText(SeedRequest.FixturePath))!["documents"]!.AsArray()
            .Select(d => d!["document"]!.GetValue<string>()).ToHashSet();
        foreach (var r in all)
        {
            Assert.True(r.Sources.Count > 0, r.Name);
            Assert.All(r.Sources, s => Assert.Contains(s!["document"]!.GetValue<string>(), documents));
            Assert.All(r.Sources, s => Assert.False(string.IsNullOrWhiteSpace(s!["section"]?.GetValue<string>()), r.Name));
            Assert.InRange(r.ExpectedStatus, 200, 599);
            Assert.StartsWith("/", r.Path);
        }
    }
}
