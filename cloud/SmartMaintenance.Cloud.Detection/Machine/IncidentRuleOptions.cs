using SmartMaintenance.Cloud.Detection.Combined;

namespace SmartMaintenance.Cloud.Detection.Machine;

/// <summary>
/// When an incident opens and closes, counted in observations (not seconds, so the rule fits any sampling rate).
/// Opens when at least <see cref="Persistence"/> of the last <see cref="Window"/> verdicts are at
/// <see cref="OpenAt"/> or above (persistence), or at once on one verdict at <see cref="OpenImmediatelyAt"/> or
/// above; closes after <see cref="QuietObservations"/> verdicts in a row below <see cref="OpenAt"/> (hysteresis).
/// Defaults and how they were chosen: docs/detection.md, "Incidents".
/// </summary>
public sealed class IncidentRuleOptions
{
    /// <summary>
    /// The lowest verdict severity that counts towards opening an incident: Medium, whose budget is about once per
    /// machine per day at 1 Hz (Low, once an hour, opened 3.2 false incidents per healthy machine per day on the
    /// virtual fleet; docs/detection.md, "How incidents open and close").
    /// </summary>
    public Severity OpenAt { get; set; } = Severity.Medium;

    /// <summary>Observations looked back over for the persistence rule.</summary>
    public int Window { get; set; } = 5;

    /// <summary>Abnormal observations among the last <see cref="Window"/> that open an incident.</summary>
    public int Persistence { get; set; } = 3;

    /// <summary>A single verdict at this severity or above opens an incident at once (a spike). None = never.</summary>
    public Severity OpenImmediatelyAt { get; set; } = Severity.None;

    /// <summary>
    /// The lowest verdict severity that keeps an open incident open (None = <see cref="OpenAt"/>). Set below
    /// <see cref="OpenAt"/> to open on stronger evidence than what extends: the rarer level decides that something is
    /// wrong, the weaker one that it still is.
    /// </summary>
    public Severity KeepOpenAt { get; set; } = Severity.Low;

    /// <summary>The severity that keeps an incident open: <see cref="KeepOpenAt"/>, or <see cref="OpenAt"/> when None.</summary>
    internal Severity EffectiveKeepOpenAt => KeepOpenAt == Severity.None ? OpenAt : KeepOpenAt;

    /// <summary>Consecutive verdicts below the keep-open level (<see cref="KeepOpenAt"/>, else <see cref="OpenAt"/>) that close the open incident.</summary>
    public int QuietObservations { get; set; } = 20;

    /// <summary>Throws <see cref="ArgumentException"/> naming every invalid option.</summary>
    public IncidentRuleOptions EnsureValid()
    {
        var errors = new List<string>();
        if (OpenAt == Severity.None || !Enum.IsDefined(OpenAt))
        {
            errors.Add($"{nameof(OpenAt)} must be Low or above.");
        }

        if (!Enum.IsDefined(OpenImmediatelyAt) || (OpenImmediatelyAt != Severity.None && OpenImmediatelyAt < OpenAt))
        {
            errors.Add($"{nameof(OpenImmediatelyAt)} must be None or at least {nameof(OpenAt)}.");
        }

        if (!Enum.IsDefined(KeepOpenAt) || KeepOpenAt > OpenAt)
        {
            errors.Add($"{nameof(KeepOpenAt)} must be None or at most {nameof(OpenAt)}.");
        }

        if (Window < 1 || Window > 10_000)
        {
            errors.Add($"{nameof(Window)} must be between 1 and 10000 (was {Window}).");
        }

        if (Persistence < 1 || Persistence > Window)
        {
            errors.Add($"{nameof(Persistence)} must be between 1 and {nameof(Window)} (was {Persistence}).");
        }

        if (QuietObservations < 1)
        {
            errors.Add($"{nameof(QuietObservations)} must be at least 1 (was {QuietObservations}).");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors));
        }

        return this;
    }
}
