namespace SmartMaintenance.Cloud.Agents.Incidents;

/// <summary>
/// What a person found on the machine when resolving an incident: "no-fault" or one of the failure model's modes
/// (AI4I 2020: TWF tool wear, HDF heat dissipation, PWF power, OSF overstrain). The code is what the decision log
/// and the plant's training labels carry (issue 17, learning from the plant).
/// </summary>
public static class PlantFinding
{
    public const string NoFault = "no-fault";

    public static readonly IReadOnlyList<string> Codes = [NoFault, "TWF", "HDF", "PWF", "OSF"];

    /// <summary>The canonical code for text in any case ("hdf" -> "HDF", "no_fault" -> "no-fault"), or null.</summary>
    public static string? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Trim().Replace('_', '-');
        return Codes.FirstOrDefault(c => string.Equals(c, t, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>How the finding reads at the start of the resolution note (and so in the decision log's reason).</summary>
    public static string Note(string finding, string? note) =>
        string.IsNullOrWhiteSpace(note) ? $"found {finding}" : $"found {finding}; {note.Trim()}";
}
