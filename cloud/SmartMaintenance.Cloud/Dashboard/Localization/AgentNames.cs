using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace SmartMaintenance.Cloud.Dashboard.Localization;

/// <summary>
/// An agent as people name it ("AnomalyDetectionAgent" -> "Anomaly detection" / "Detecção de anomalias") from the
/// resources (AgentName.{class}); an agent not named there is made readable from its class name.
/// </summary>
public static partial class AgentNames
{
    public static string Label(string agent, IStringLocalizer text)
    {
        if (text["AgentName." + agent] is { ResourceNotFound: false } label)
        {
            return label.Value;
        }

        var words = Words().Replace(agent.EndsWith("Agent", StringComparison.Ordinal) && agent.Length > 5 ? agent[..^5] : agent, " $1").Trim();
        return words.Length == 0 ? agent : words[0] + words[1..].ToLowerInvariant();
    }

    [GeneratedRegex("(?<!^)([A-Z])")]
    private static partial Regex Words();
}
