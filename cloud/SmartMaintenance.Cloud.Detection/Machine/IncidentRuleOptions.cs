using SmartMaintenance.Cloud.Detection.Combined;

namespace SmartMaintenance.Cloud.Detection.Machine;

/// <summary>
/// When an incident opens and closes. CONTRACT ONLY (issue 12): the detection work sets the defaults from
/// measurements and may add settings.
/// </summary>
public sealed class IncidentRuleOptions
{
    /// <summary>The lowest verdict severity that counts as abnormal.</summary>
    public Severity OpenAt { get; set; } = Severity.Medium;

    /// <summary>Throws <see cref="ArgumentException"/> naming every invalid option.</summary>
    public IncidentRuleOptions EnsureValid()
    {
        if (OpenAt == Severity.None)
        {
            throw new ArgumentException($"{nameof(OpenAt)} must be Low or above.");
        }

        return this;
    }
}
