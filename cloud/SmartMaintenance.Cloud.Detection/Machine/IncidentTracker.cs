using SmartMaintenance.Cloud.Detection.Combined;

namespace SmartMaintenance.Cloud.Detection.Machine;

/// <summary>
/// Turns a machine's verdicts into incidents: opens one when the alert condition holds long enough (persistence),
/// keeps it open while the machine stays abnormal, closes it after a quiet period (hysteresis). Pure and
/// deterministic: time comes from the observations. One per machine, not thread-safe.
/// </summary>
public sealed class IncidentTracker
{
    private readonly IncidentRuleOptions _options;
    private readonly Severity[] _recent;
    private int _next;
    private int _filled;
    private int _quiet;
    private long _number;
    private Severity _severity;

    public IncidentTracker(IncidentRuleOptions? options = null)
    {
        _options = (options ?? new IncidentRuleOptions()).EnsureValid();
        _recent = new Severity[_options.Window];
    }

    /// <summary>True while an incident is open.</summary>
    public bool IsOpen { get; private set; }

    /// <summary>The number of the open (or last) incident; 0 before the first.</summary>
    public long IncidentNumber => _number;

    /// <summary>Takes the verdict of one observation and says what changed.</summary>
    public IncidentStep Step(DateTimeOffset timestamp, MachineVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var severity = verdict.WarmingUp ? Severity.None : verdict.Severity;
        var abnormal = severity >= _options.OpenAt;
        if (IsOpen)
        {
            if (severity < _options.EffectiveKeepOpenAt)
            {
                _quiet++;
                if (_quiet >= _options.QuietObservations)
                {
                    Reset();
                    return new IncidentStep(IncidentChange.Closed, false, _severity, _number);
                }

                return new IncidentStep(IncidentChange.None, true, _severity, _number);
            }

            _quiet = 0;
            if (abnormal && severity > _severity)
            {
                _severity = severity;
                return new IncidentStep(IncidentChange.Escalated, true, _severity, _number);
            }

            return new IncidentStep(IncidentChange.None, true, _severity, _number);
        }

        _recent[_next] = abnormal ? severity : Severity.None;
        _next = (_next + 1) % _recent.Length;
        _filled = Math.Min(_filled + 1, _recent.Length);
        var count = 0;
        var highest = Severity.None;
        for (var i = 0; i < _filled; i++)
        {
            if (_recent[i] != Severity.None)
            {
                count++;
                highest = _recent[i] > highest ? _recent[i] : highest;
            }
        }

        var immediate = _options.OpenImmediatelyAt != Severity.None && severity >= _options.OpenImmediatelyAt;
        if (count >= _options.Persistence || immediate)
        {
            IsOpen = true;
            _quiet = 0;
            _number++;
            _severity = highest;
            return new IncidentStep(IncidentChange.Opened, true, _severity, _number);
        }

        return new IncidentStep(IncidentChange.None, false, Severity.None, _number);
    }

    /// <summary>Closes any open incident without a step (a person resolved it); the next abnormal run opens a new one.</summary>
    public void Reset()
    {
        IsOpen = false;
        _quiet = 0;
        _filled = 0;
        _next = 0;
        Array.Clear(_recent);
    }
}
