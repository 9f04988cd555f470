using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SmartMaintenance.Cloud.Agents.AnomalyDetection;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Dashboard;
using SmartMaintenance.Cloud.Devices;
using SmartMaintenance.Cloud.Storage;
using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Dashboard.Tests.Browser;

/// <summary>
/// Every page in Português do Brasil, signed in as an admin (every form shown), with a device, readings and an alert
/// so the tables are not empty: no English word a Brazilian operator would trip over, no "placa" for a device, and no
/// identifier where a label belongs (snake_case sensor types, agent class names, decisions as verbs).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class PortugueseTerminologyTests(BrowserFixture fixture)
{
    /// <summary>Whole words (case-insensitive) that must not appear in pt-BR page text.</summary>
    private static readonly string[] ForbiddenWords =
    [
        "placa", "placas", "online", "offline", "dashboard", "upload", "download", "status", "feedback", "settings", "loading",
        "approve", "approved", "reject", "rejected", "defer", "deferred", "scheduled", "unscheduled", "acknowledged", "resolved",
        "temperature", "rotational_speed", "tool_wear", "vibration", "never", "none", "live", "connecting", "disconnected",
    ];

    [Fact]
    public async Task EveryPage_InPortuguese_ShowsNoForbiddenWordOrIdentifier()
    {
        var device = "termo-" + Guid.NewGuid().ToString("N")[..6];
        var services = fixture.App.Services;
        var at = DateTimeOffset.UtcNow.AddMinutes(-3);
        Assert.True(await services.GetRequiredService<IDeviceStore>().CreateAsync(new DeviceRecord(device, "plant-1", "Prensa " + device,
            DeviceSecretHasher.Hash(DeviceSecretHasher.NewSecret()), [new DeviceSensor(device + "-rpm", "rotational_speed", "rpm"),
                new DeviceSensor(device + "-t", "temperature", "K")], true, false, null, at, null), CancellationToken.None));
        await services.GetRequiredService<IReadingStore>().AppendAsync(
        [
            new NewReading(device, 1, device + "-rpm", "rotational_speed", "rpm", MessageKinds.Reading, 1500, at, at, null),
            new NewReading(device, 2, device + "-t", "temperature", "K", MessageKinds.Reading, 310.2, at, at, null),
        ], CancellationToken.None);
        await services.GetRequiredService<IAnomalyStore>().AddAsync(new AnomalyDetected(new EventMeta("termo-" + device, device, "corr-" + device, at),
            new SensorReading(2, device, device + "-t", "temperature", "K", "reading", 310.2, at, "corr-" + device), 0.8, AnomalySeverity.Medium,
            [new DetectorEvidence("zscore", 4.2, 3.0, "z 4.2")], []), CancellationToken.None);

        var paths = DashboardNavigation.Items.Select(i => "/ui/" + i.Path)
            .Concat(["/ui/Devices/" + device, $"/ui/DataExplorer?DeviceId={device}&Period=1h"]).ToList();
        var page = await fixture.NewPageAsync(DashboardApp.Admin, "pt-BR");
        var problems = new List<string>();
        foreach (var path in paths)
        {
            await page.GotoAsync(path);
            problems.AddRange(Offenders(path, await VisibleTextAsync(page)));
        }

        Assert.True(problems.Count == 0, "pt-BR pages show:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void Offenders_PageWithEnglishAndIdentifiers_AreFound()
    {
        // The check itself must catch what it is for (and leave Portuguese alone).
        var found = Offenders("/x", "Placa conectada · status online · rotational_speed · AnomalyDetectionAgent · Approve · Temperatura 39,0 °C");
        Assert.Equal(6, found.Count);
        Assert.Empty(Offenders("/x", "Dispositivo conectado · Velocidade de rotação · Aprovada · Temperatura 39,0 °C · Planta plant-1"));
    }

    /// <summary>
    /// The text a person reads, without what is an identifier on purpose: the System page's configuration keys and
    /// software versions, and the ids people typed (device and sensor ids, shown as such).
    /// </summary>
    private static Task<string> VisibleTextAsync(IPage page) => page.EvaluateAsync<string>("""
        () => {
            const body = document.body.cloneNode(true);
            body.querySelectorAll('#system-config, #system-versions, script, [data-identifier]').forEach(e => e.remove());
            return body.innerText;
        }
        """);

    private static List<string> Offenders(string path, string text)
    {
        var found = new List<string>();
        foreach (var word in ForbiddenWords)
        {
            if (Regex.IsMatch(text, @"(?<![\w-])" + Regex.Escape(word) + @"(?![\w-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
            {
                found.Add($"{path}: '{word}'");
            }
        }

        foreach (Match m in AgentClassName().Matches(text))
        {
            found.Add($"{path}: agent class name '{m.Value}'");
        }

        return found;
    }

    [GeneratedRegex(@"\b[A-Z][a-z]+(?:[A-Z][a-z]+)*Agent\b")]
    private static partial Regex AgentClassName();
}
