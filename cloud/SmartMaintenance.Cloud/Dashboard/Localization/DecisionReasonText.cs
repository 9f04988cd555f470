using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;
using SmartMaintenance.Cloud.Agents.Incidents;
using SmartMaintenance.Cloud.Agents.Orchestration;

namespace SmartMaintenance.Cloud.Dashboard.Localization;

/// <summary>
/// A decision's reason in the page's language. People type their reasons (shown as typed); the one reason an agent
/// writes — the Golden Path's automatic approval — is the system's own sentence and is translated, and so is the
/// reason code an incident's resolution starts with ("maintenance-done: note" reads "Maintenance done: note"), and so is
/// the sentence the demo site's clear records (what it removed).
/// </summary>
public static partial class DecisionReasonText
{
    public static string Localize(string? reason, IStringLocalizer text)
    {
        if (reason == GoldenPathTracker.AutoReason)
        {
            return text["Decisions.AutoReason"];
        }

        if (reason == IncidentDecisionText.Acknowledged)
        {
            return text["Incidents.AcknowledgedReason"];
        }

        foreach (var r in Enum.GetValues<ResolutionReason>())
        {
            var code = IncidentDecisionText.Code(r);
            if (reason == code || reason?.StartsWith(code + ": ", StringComparison.Ordinal) == true)
            {
                return text["Incidents.Reason." + r] + reason[code.Length..];
            }
        }

        // The demo site's clear (Agents/DemoDataCleaner.cs) writes what it removed; the Demo page's notice says the same.
        if (reason is not null && DemoClear().Match(reason) is { Success: true } m)
        {
            var counts = Enumerable.Range(1, 6)
                .Select(i => (object)long.Parse(m.Groups[i].Value, CultureInfo.InvariantCulture).ToString("N0", CultureInfo.CurrentCulture)).ToArray();
            return text["Demo.Cleared", counts];
        }

        return reason ?? "";
    }

    [GeneratedRegex(@"^cleared the demo site: ([0-9]{1,18}) devices, ([0-9]{1,18}) readings, ([0-9]{1,18}) alerts, ([0-9]{1,18}) incidents, ([0-9]{1,18}) orders, ([0-9]{1,18}) reports$",
        RegexOptions.CultureInvariant)]
    private static partial Regex DemoClear();
}
