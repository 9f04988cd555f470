namespace SmartMaintenance.Cloud.Agents.Scheduling;

/// <summary>
/// Busy time of a technician (an order already planned). Movable: the order is only Scheduled (not yet approved or
/// started), so a higher priority may take its slot; OrderId and Priority say which order and how urgent.
/// </summary>
public sealed record BusyInterval(string Technician, DateTimeOffset Start, DateTimeOffset End, long OrderId = 0,
    string? Priority = null, bool Movable = false, DateTimeOffset? PredictedFailureAt = null);

/// <summary>Outcome of a slot search: a technician and slot, or the reason there is none.</summary>
public sealed record SlotDecision(string? Technician, DateTimeOffset? Start, DateTimeOffset? End, string Note)
{
    public bool Scheduled => Technician is not null;
}

/// <summary>
/// Pure slot search. Earliest free slot first, never before now, inside a shift of a technician with
/// the skill, not overlapping that technician's orders, ending before the predicted failure when there is one.
/// </summary>
public static class SlotFinder
{
    public static SlotDecision Find(SchedulingOptions o, string skill, DateTimeOffset now, DateTimeOffset? predictedFailure,
        IReadOnlyList<BusyInterval> busy, string? onlyTechnician = null)
    {
        var crew = o.Crew.Where(t => t.Skills.Contains(skill, StringComparer.OrdinalIgnoreCase)
            && (onlyTechnician is null || t.Name == onlyTechnician)).ToList();
        if (crew.Count == 0)
        {
            return new(null, null, null, $"unscheduled: no technician has the skill '{skill}'");
        }

        var fallback = predictedFailure is null || predictedFailure <= now + o.OrderDuration;
        var deadline = fallback ? now + o.Horizon : predictedFailure!.Value;
        var note = predictedFailure is null
            ? "no predicted failure date: next available slot"
            : fallback
                ? $"predicted failure {predictedFailure:O} is past or too close: next available slot"
                : $"before predicted failure {predictedFailure:O}";

        var utc = now.ToUniversalTime();
        var step = o.SlotStep.Ticks;
        var start = new DateTimeOffset((utc.UtcTicks + step - 1) / step * step, TimeSpan.Zero);
        for (; start + o.OrderDuration <= deadline; start += o.SlotStep)
        {
            var end = start + o.OrderDuration;
            foreach (var t in crew)
            {
                if (InShift(t, start, end) && !busy.Any(b => b.Technician == t.Name && b.Start < end && start < b.End))
                {
                    return new(t.Name, start, end, note);
                }
            }
        }

        return new(null, null, null, fallback
            ? $"unscheduled: no free slot with skill '{skill}' within {o.Horizon.TotalDays:G} days"
            : $"unscheduled: no free slot with skill '{skill}' before the predicted failure at {predictedFailure:O}");
    }

    /// <summary>True when [start, end) lies inside one shift of the technician (shifts may cross midnight).</summary>
    public static bool InShift(Technician t, DateTimeOffset start, DateTimeOffset end)
    {
        // The shift containing start began today or yesterday (overnight shifts).
        for (var dayOffset = 0; dayOffset >= -1; dayOffset--)
        {
            var day = start.UtcDateTime.Date.AddDays(dayOffset);
            if (!t.WorksOn(day.DayOfWeek))
            {
                continue;
            }

            var shiftStart = new DateTimeOffset(day + t.ShiftStart, TimeSpan.Zero);
            var shiftEnd = new DateTimeOffset(day + t.ShiftEnd, TimeSpan.Zero);
            if (t.ShiftEnd <= t.ShiftStart)
            {
                shiftEnd = shiftEnd.AddDays(1);
            }

            if (start >= shiftStart && end <= shiftEnd)
            {
                return true;
            }
        }

        return false;
    }
}
