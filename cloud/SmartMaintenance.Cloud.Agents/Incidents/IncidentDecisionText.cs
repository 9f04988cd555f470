namespace SmartMaintenance.Cloud.Agents.Incidents;

/// <summary>
/// How an incident step reads in the decision log's reason column: the resolution as a stable code, then the person's
/// note ("maintenance-done: replaced the bearing"). The code lets a page show the reason in its own language.
/// </summary>
public static class IncidentDecisionText
{
    /// <summary>The reason of an acknowledgement without a note.</summary>
    public const string Acknowledged = "acknowledged";

    public static string Code(ResolutionReason reason) => reason switch
    {
        ResolutionReason.MaintenanceDone => "maintenance-done",
        ResolutionReason.NoFault => "no-fault",
        ResolutionReason.FalseAlarm => "false-alarm",
        _ => "other",
    };

    public static string Reason(ResolutionReason reason, string? note) =>
        string.IsNullOrWhiteSpace(note) ? Code(reason) : $"{Code(reason)}: {note.Trim()}";

    /// <summary>Parses a code (or the enum name, any case) as sent by the API.</summary>
    public static bool TryParse(string? text, out ResolutionReason reason)
    {
        reason = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        foreach (var r in Enum.GetValues<ResolutionReason>())
        {
            if (string.Equals(text, Code(r), StringComparison.OrdinalIgnoreCase) || string.Equals(text, r.ToString(), StringComparison.OrdinalIgnoreCase)
                || string.Equals(text.Replace("_", "-"), Code(r), StringComparison.OrdinalIgnoreCase))
            {
                reason = r;
                return true;
            }
        }

        return false;
    }
}
