using Microsoft.Extensions.Localization;
using SmartMaintenance.Cloud.Agents.Incidents;
using SmartMaintenance.Cloud.Agents.Orchestration;

namespace SmartMaintenance.Cloud.Dashboard.Localization;

/// <summary>
/// A decision's reason in the page's language. People type their reasons (shown as typed); the one reason an agent
/// writes — the Golden Path's automatic approval — is the system's own sentence and is translated, and so is the
/// reason code an incident's resolution starts with ("maintenance-done: note" reads "Maintenance done: note").
/// </summary>
public static class DecisionReasonText
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

        return reason ?? "";
    }
}
