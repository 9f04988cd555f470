using System.ComponentModel.DataAnnotations;

namespace SmartMaintenance.EdgeBroker.Observability;

/// <summary>
/// Broker:LogFlood: how often a client may put the same kind of refusal in the log (LogFloodGuard). Every refusal is
/// still counted in /metrics and answered to the client; only the log lines are bounded.
/// </summary>
public sealed class LogFloodOptions
{
    public const string Section = "Broker:LogFlood";

    /// <summary>
    /// After a client's first line of a kind, further ones within this window are not logged; one summary line with
    /// their count follows when the window ends (at most one line per client, kind and window while a flood goes on).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Broker:LogFlood:Window must be 1 s - 1 h.")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Client and kind pairs remembered at once; past this, new clients share one "(other clients)" entry per kind, so a flood
    /// from many addresses bounds the broker's memory as well as its log.
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "Broker:LogFlood:MaxClients must be 1 - 1,000,000.")]
    public int MaxClients { get; set; } = 10_000;
}
