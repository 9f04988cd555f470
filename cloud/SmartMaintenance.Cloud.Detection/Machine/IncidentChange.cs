namespace SmartMaintenance.Cloud.Detection.Machine;

/// <summary>What one step of an <see cref="IncidentTracker"/> changed.</summary>
public enum IncidentChange
{
    /// <summary>Nothing: still normal, or still inside the open incident at the same severity.</summary>
    None = 0,

    /// <summary>The alert condition held long enough: an incident opened at this observation.</summary>
    Opened = 1,

    /// <summary>The open incident's severity rose.</summary>
    Escalated = 2,

    /// <summary>The machine stayed quiet long enough: the open incident closed at this observation.</summary>
    Closed = 3,
}
