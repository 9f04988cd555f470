using Microsoft.Extensions.Localization;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Notification;
using SmartMaintenance.Cloud.Agents.Orchestration;

namespace SmartMaintenance.Cloud.Dashboard.Localization;

/// <summary>
/// An agent's sentence (<see cref="AgentText"/>) in the page's language: the resource "AgentText." + code, its
/// arguments formatted in the request's culture by what each one is (a count, a time, a severity, a prediction's
/// basis...). A code this table does not know, a resource that is missing or arguments of another shape fall back
/// to the English sentence the agent wrote, so a newer agent never leaves a blank.
/// </summary>
public static class AgentTextLocalizer
{
    private enum Arg { Count, Number, Decimal, Percent, Seconds, Time, Clock, Text, Severity, Status, Decision, Stage, Basis, Note, Reason }

    private static readonly Dictionary<string, Arg[]> Shapes = new(StringComparer.Ordinal)
    {
        [StageDetails.Ingested] = [Arg.Count, Arg.Count, Arg.Count],
        [StageDetails.Validated] = [Arg.Count],
        [StageDetails.AnomalyFound] = [Arg.Severity, Arg.Decimal, Arg.Count],
        [StageDetails.Predicted] = [Arg.Percent, Arg.Basis],
        [StageDetails.Scheduled] = [Arg.Count, Arg.Status, Arg.Text, Arg.Time, Arg.Note],
        [StageDetails.Unscheduled] = [Arg.Count, Arg.Status, Arg.Text, Arg.Time, Arg.Note],
        [StageDetails.Decided] = [Arg.Decision, Arg.Text, Arg.Reason],
        [StageDetails.Reported] = [Arg.Count],
        [StageDetails.NoDecision] = [Arg.Count, Arg.Seconds],
        [StageDetails.StageTimedOut] = [Arg.Stage, Arg.Seconds],
        [NotificationTexts.ScheduledTitle] = [Arg.Count, Arg.Text, Arg.Text],
        [NotificationTexts.UnscheduledTitle] = [Arg.Count, Arg.Text, Arg.Text],
        [NotificationTexts.ScheduledBody] = [Arg.Text, Arg.Text, Arg.Time, Arg.Clock, Arg.Note],
        [NotificationTexts.UnscheduledBody] = [Arg.Text, Arg.Note],
        [NotificationTexts.AnomalyTitle] = [Arg.Severity, Arg.Text, Arg.Text],
        [NotificationTexts.AnomalyBody] = [Arg.Number, Arg.Text, Arg.Time, Arg.Decimal],
        [NotificationTexts.AnomalyBodySimilar] = [Arg.Number, Arg.Text, Arg.Time, Arg.Decimal, Arg.Text, Arg.Text],
        [NotificationTexts.DriftTitle] = [Arg.Text, Arg.Text],
        [NotificationTexts.DriftBodyRetrain] = [Arg.Decimal, Arg.Number, Arg.Decimal],
        [NotificationTexts.DriftBodyConsider] = [Arg.Decimal, Arg.Number, Arg.Decimal],
        [NotificationTexts.StuckTitle] = [Arg.Text, Arg.Text],
        [NotificationTexts.StuckBodyDevice] = [Arg.Number, Arg.Text, Arg.Time],
        [NotificationTexts.StuckBodyCloud] = [Arg.Number, Arg.Text, Arg.Time],
    };

    /// <summary>The codes this localizer renders (stage details, notifications) (each needs "AgentText." + code in both resource files).</summary>
    public static IEnumerable<string> Codes => Shapes.Keys;

    /// <summary>The message in the page's language; times in the plant's zone when <paramref name="clock"/> is given (else UTC).</summary>
    public static string Localize(AgentText? message, string? english, IStringLocalizer text, Display.PlantTime? clock = null)
    {
        if (message is null || !Shapes.TryGetValue(message.Code, out var shape) || shape.Length != message.Args.Count)
        {
            return english ?? "";
        }

        var args = new object[shape.Length];
        for (var i = 0; i < shape.Length; i++)
        {
            args[i] = Format(shape[i], message.Args[i], text, clock);
        }

        var localized = text["AgentText." + message.Code, args];
        return localized.ResourceNotFound ? english ?? "" : localized.Value;
    }

    /// <summary>A stage's detail in the page's language (the English detail when it has no message).</summary>
    public static string Localize(StageView stage, IStringLocalizer text, Display.PlantTime? clock = null) => Localize(stage.Message, stage.Detail, text, clock);

    private static string Format(Arg kind, string value, IStringLocalizer text, Display.PlantTime? clock) => kind switch
    {
        _ when value.Length == 0 => "—",
        Arg.Count => LocalValues.Number(value, "N0"),
        Arg.Number => LocalValues.Number(value, "G4"),
        Arg.Decimal => LocalValues.Number(value, "N2"),
        Arg.Percent => LocalValues.Number(value, "P0"),
        Arg.Seconds => LocalValues.Number(value, "G"),
        Arg.Time => LocalValues.UtcTime(value, clock),
        Arg.Clock => LocalValues.UtcClock(value, clock),
        Arg.Severity => LocalValues.Named("Alerts.Severity.", value, text),
        Arg.Status => LocalValues.Named("Maintenance.Status.", value, text),
        Arg.Decision => LocalValues.Named("Decisions.Kind.", value, text),
        Arg.Stage => LocalValues.Named("GoldenPath.Stage.", value, text),
        Arg.Basis => BasisText.Localize(value, text, clock),
        Arg.Note => OrderNoteText.Localize(value, text, clock),
        Arg.Reason => DecisionReasonText.Localize(value, text),
        _ => value,
    };
}
