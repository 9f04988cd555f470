using Microsoft.Extensions.Localization;
using SmartMaintenance.Cloud.Agents.Orchestration;

namespace SmartMaintenance.Cloud.Dashboard.Localization;

/// <summary>
/// A decision's reason in the page's language. People type their reasons (shown as typed); the one reason an agent
/// writes — the Golden Path's automatic approval — is the system's own sentence and is translated.
/// </summary>
public static class DecisionReasonText
{
    public static string Localize(string? reason, IStringLocalizer text) =>
        reason == GoldenPathTracker.AutoReason ? text["Decisions.AutoReason"] : reason ?? "";
}
