using System.Text.RegularExpressions;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Orchestration;
using SmartMaintenance.Cloud.Dashboard;
using SmartMaintenance.Cloud.Dashboard.Auth;
using SmartMaintenance.Cloud.Detection.Scoring;
using SmartMaintenance.Cloud.Ml.Features;

namespace SmartMaintenance.Dashboard.Tests.Resources;

public sealed partial class ResourceParityTests
{
    [Fact]
    public void Resources_EnglishAndPortuguese_HaveTheSameKeys()
    {
        var onlyEnglish = ResourceFiles.English.Keys.Except(ResourceFiles.Portuguese.Keys).Order().ToList();
        var onlyPortuguese = ResourceFiles.Portuguese.Keys.Except(ResourceFiles.English.Keys).Order().ToList();

        Assert.True(onlyEnglish.Count == 0, "Missing in pt-BR: " + string.Join(", ", onlyEnglish));
        Assert.True(onlyPortuguese.Count == 0, "Missing in en: " + string.Join(", ", onlyPortuguese));
    }

    [Fact]
    public void Resources_EveryValue_IsNotEmpty()
    {
        var empty = ResourceFiles.English.Where(kv => string.IsNullOrWhiteSpace(kv.Value)).Select(kv => "en:" + kv.Key)
            .Concat(ResourceFiles.Portuguese.Where(kv => string.IsNullOrWhiteSpace(kv.Value)).Select(kv => "pt-BR:" + kv.Key))
            .ToList();

        Assert.True(empty.Count == 0, "Empty values: " + string.Join(", ", empty));
    }

    [Fact]
    public void Resources_FormatPlaceholders_MatchBetweenLanguages()
    {
        var mismatched = ResourceFiles.English
            .Where(kv => ResourceFiles.Portuguese.TryGetValue(kv.Key, out var pt) && !Placeholders(kv.Value).SetEquals(Placeholders(pt)))
            .Select(kv => kv.Key)
            .ToList();

        Assert.True(mismatched.Count == 0, "Different {n} placeholders: " + string.Join(", ", mismatched));
    }

    [Fact]
    public void Views_EveryStringKeyTheyUse_ExistsInTheResources()
    {
        var used = Directory.EnumerateFiles(ResourceFiles.ViewsFolder, "*.cs*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => KeyUse().Matches(File.ReadAllText(f)).Select(m => m.Groups["key"].Value))
            .Where(k => !k.EndsWith('.'))
            .ToHashSet();
        // Keys built at run time: every menu page's title and help, every role's name, the names of enum values.
        used.UnionWith(DashboardNavigation.Items.SelectMany(i => new[] { i.Page + ".Title", i.Page + ".Help" }));
        used.UnionWith(DashboardRoles.All.Select(r => "Role." + r));
        used.UnionWith(GoldenPathRun.StageNames.Select(n => "GoldenPath.Stage." + n));
        used.UnionWith(Enum.GetNames<StageStatus>().Select(n => "GoldenPath.Status." + n));
        used.UnionWith(Enum.GetNames<DecisionKind>().Select(n => "Decisions.Kind." + n));
        used.UnionWith(Enum.GetNames<MaintenanceStatus>().Select(n => "Maintenance.Status." + n));
        used.UnionWith(Enum.GetNames<AnomalySeverity>().Select(n => "Alerts.Severity." + n));
        used.UnionWith(Enum.GetNames<SmartMaintenance.Cloud.Ml.Registry.ModelStage>().Select(n => "Models.Stage." + n));
        used.UnionWith(FailureModes.Names.Skip(1).Select(n => "Prediction.Mode." + n));
        used.UnionWith(Enum.GetNames<SmartMaintenance.Cloud.Dashboard.Pages.SystemModel.BrokerState>().Select(n => "System.Broker." + n));
        // The notification agent's kinds (NotificationMessage.Kind) as the Overview labels them.
        used.UnionWith(new[] { "anomaly", "maintenance", "drift" }.Select(k => "Index.NotificationKind." + k));
        // Agents' sentences (stage details), the detectors' evidence facts and names.
        used.UnionWith(StageDetails.Codes.Concat(SmartMaintenance.Cloud.Agents.Notification.NotificationTexts.Codes).Select(c => "AgentText." + c));
        string[] detectors = ["robust-z", "robust-z-diff", "ewma", "isolation-forest", "context-knn"];
        used.UnionWith(detectors.SelectMany(d => new[] { EvidenceFacts.NamesOf(d).Statistic, EvidenceFacts.NamesOf(d).Center, EvidenceFacts.NamesOf(d).Spread })
            .Concat(["statistic", "center", "spread"]).Select(f => "Alerts.Fact." + f));
        used.UnionWith(detectors.Concat(["context-knn-length", "context-knn-block"]).Select(d => "Alerts.Detector." + d));
        used.UnionWith(new[] { "Type", "Air_temperature_K", "Process_temperature_K", "Rotational_speed_rpm", "Torque_Nm", "Tool_wear_min" }
            .Select(n => "Prediction.Feature." + n));

        var missing = used.Where(k => !ResourceFiles.English.ContainsKey(k)).Order().ToList();

        Assert.NotEmpty(used);
        Assert.True(missing.Count == 0, "Used but not in DashboardText.resx: " + string.Join(", ", missing));
    }

    [Fact]
    public void Views_HaveNoVisibleEnglishLiterals()
    {
        // Text between tags that is not Razor (@...) is a literal a Portuguese reader would see in English.
        var offenders = Directory.EnumerateFiles(ResourceFiles.ViewsFolder, "*.cshtml", SearchOption.AllDirectories)
            .SelectMany(f => LiteralText().Matches(File.ReadAllText(f))
                .Select(m => m.Groups["text"].Value.Trim())
                .Where(t => t.Length > 0 && !t.StartsWith('@') && t.Any(char.IsLetter) && !AllowedLiterals.Contains(t))
                .Select(t => Path.GetFileName(f) + ": " + t))
            .ToList();

        Assert.True(offenders.Count == 0, "Literal text in views: " + string.Join(" | ", offenders));
    }

    // Language names are shown in their own language on purpose (a reader must find their language either way).
    private static readonly HashSet<string> AllowedLiterals = ["English", "Português (Brasil)"];

    private static HashSet<string> Placeholders(string s) => PlaceholderPattern().Matches(s).Select(m => m.Value).ToHashSet();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex("""(?:\bL|\btext|Text)\["(?<key>[A-Za-z0-9_.]+)"|ErrorMessage = "(?<key>[A-Za-z0-9_.]+)"|FieldError\([^,]+, "(?<key>[A-Za-z0-9_.]+)"|"(?<key>(?:Ingest|DataExplorer|Validation|Common|Prediction|Decisions|GoldenPath|Models|Simulation|Devices)\.[A-Za-z0-9_.]+)"|model="@\("(?<key>[A-Za-z0-9_.]+)"\)""")]
    private static partial Regex KeyUse();

    [GeneratedRegex(@">(?<text>[^<>@{}]+)<")]
    private static partial Regex LiteralText();
}
