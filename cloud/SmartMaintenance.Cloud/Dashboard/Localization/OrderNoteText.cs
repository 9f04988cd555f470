using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace SmartMaintenance.Cloud.Dashboard.Localization;

/// <summary>
/// A maintenance order's note in the page's language. The scheduling agent stores its note in English (the API and
/// the logs read it too); the notes come from a fixed set of templates (Agents/Scheduling/SlotFinder.cs), so each
/// is recognised here and rewritten from the resources, with its date in the chosen culture. A note that matches no
/// template is shown as it is: nothing is hidden.
/// </summary>
public static partial class OrderNoteText
{
    /// <summary>The note in the page's language; dates in the plant's zone when <paramref name="clock"/> is given (else UTC).</summary>
    public static string Localize(string? note, IStringLocalizer text, Display.PlantTime? clock = null)
    {
        if (string.IsNullOrEmpty(note))
        {
            return "";
        }

        // A lower-priority order that gave its slot to a more urgent one: "moved for P1 order 12; <its new note>".
        if (Moved().Match(note) is { Success: true } moved)
        {
            return text["Maintenance.NoteMoved", moved.Groups[1].Value, LocalValues.Number(moved.Groups[2].Value, "N0")] + " "
                + Localize(moved.Groups[3].Value, text, clock);
        }

        if (note == "no predicted failure date: next available slot")
        {
            return text["Maintenance.NoteNoDate"];
        }

        if (PastDate().Match(note) is { Success: true } past)
        {
            return text["Maintenance.NotePastDate", Date(past.Groups[1].Value, clock)];
        }

        if (Before().Match(note) is { Success: true } before)
        {
            return text["Maintenance.NoteBefore", Date(before.Groups[1].Value, clock)];
        }

        if (NoSkill().Match(note) is { Success: true } noSkill)
        {
            return text["Maintenance.NoteNoSkill", noSkill.Groups[1].Value];
        }

        if (NoSlotWithin().Match(note) is { Success: true } within)
        {
            return text["Maintenance.NoteNoSlotWithin", within.Groups[1].Value, LocalValues.Number(within.Groups[2].Value, "G")];
        }

        if (NoSlotBefore().Match(note) is { Success: true } noSlot)
        {
            return text["Maintenance.NoteNoSlotBefore", noSlot.Groups[1].Value, Date(noSlot.Groups[2].Value, clock)];
        }

        return note;
    }

    private static string Date(string roundTrip, Display.PlantTime? clock) => LocalValues.UtcTime(roundTrip, clock);

    [GeneratedRegex(@"^moved for (\S+) order (\d+); (.*)$")]
    private static partial Regex Moved();

    [GeneratedRegex(@"^predicted failure (\S+) is past or too close: next available slot$")]
    private static partial Regex PastDate();

    [GeneratedRegex(@"^before predicted failure (\S+)$")]
    private static partial Regex Before();

    [GeneratedRegex(@"^unscheduled: no technician has the skill '(.+)'$")]
    private static partial Regex NoSkill();

    [GeneratedRegex(@"^unscheduled: no free slot with skill '(.+)' within (\S+) days$")]
    private static partial Regex NoSlotWithin();

    [GeneratedRegex(@"^unscheduled: no free slot with skill '(.+)' before the predicted failure at (\S+)$")]
    private static partial Regex NoSlotBefore();
}
