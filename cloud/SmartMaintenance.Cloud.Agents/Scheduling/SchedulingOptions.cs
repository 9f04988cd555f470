namespace SmartMaintenance.Cloud.Agents.Scheduling;

/// <summary>A technician: skills and a daily shift in UTC (End at or before Start = the shift ends the next day).</summary>
public sealed class Technician
{
    public string Name { get; set; } = "";
    public List<string> Skills { get; set; } = [];
    public TimeSpan ShiftStart { get; set; } = TimeSpan.FromHours(8);
    public TimeSpan ShiftEnd { get; set; } = TimeSpan.FromHours(16);
    /// <summary>Working days; empty = every day (configuration binding appends to lists, so the default is empty).</summary>
    public List<DayOfWeek> Days { get; set; } = [];

    public bool WorksOn(DayOfWeek day) => Days.Count == 0 || Days.Contains(day);
}

/// <summary>Cloud:Agents:Scheduling — crew, durations and the rules of slot search.</summary>
public sealed class SchedulingOptions
{
    public const string Section = "Cloud:Agents:Scheduling";

    /// <summary>The crew. None configured: DefaultCrew (so a first run schedules).</summary>
    public List<Technician> Technicians { get; set; } = [];

    /// <summary>Two generic technicians covering day (06-18 UTC) and night (18-06 UTC) every day.</summary>
    public static IReadOnlyList<Technician> DefaultCrew { get; } =
    [
        new() { Name = "technician-day", Skills = ["mechanical", "electrical"], ShiftStart = TimeSpan.FromHours(6), ShiftEnd = TimeSpan.FromHours(18) },
        new() { Name = "technician-night", Skills = ["mechanical", "electrical"], ShiftStart = TimeSpan.FromHours(18), ShiftEnd = TimeSpan.FromHours(6) },
    ];

    public IReadOnlyList<Technician> Crew => Technicians.Count > 0 ? Technicians : DefaultCrew;

    /// <summary>Skill an order needs, by sensor type; types not listed need DefaultSkill.</summary>
    public Dictionary<string, string> SkillBySensorType { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["current"] = "electrical",
    };

    public string DefaultSkill { get; set; } = "mechanical";

    public TimeSpan OrderDuration { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Slots start on multiples of this (from midnight UTC).</summary>
    public TimeSpan SlotStep { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How far ahead a slot is searched when the predicted date is missing or past.</summary>
    public TimeSpan Horizon { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Predictions below this risk do not create an order.</summary>
    public double MinRisk { get; set; } = 0.5;

    /// <summary>A periodic (no-incident) prediction for a machine with an order within this window does not create a second order.</summary>
    public TimeSpan OpenOrderWindow { get; set; } = TimeSpan.FromHours(1);

    public IEnumerable<string> Validate()
    {
        if (OrderDuration <= TimeSpan.Zero || SlotStep <= TimeSpan.Zero || Horizon <= TimeSpan.Zero)
            yield return "Cloud:Agents:Scheduling: OrderDuration, SlotStep and Horizon must be positive.";
        if (!(MinRisk is >= 0 and <= 1)) yield return "Cloud:Agents:Scheduling:MinRisk must be in [0, 1].";
        foreach (var t in Technicians)
        {
            if (string.IsNullOrWhiteSpace(t.Name)) yield return "Cloud:Agents:Scheduling:Technicians: every technician needs a Name.";
            if (t.ShiftStart < TimeSpan.Zero || t.ShiftStart >= TimeSpan.FromDays(1) || t.ShiftEnd < TimeSpan.Zero || t.ShiftEnd > TimeSpan.FromDays(1))
                yield return $"Cloud:Agents:Scheduling:Technicians:{t.Name}: shift times must be within one day.";
        }
    }

    public static string PriorityOf(double risk) => risk >= 0.8 ? "P1" : risk >= 0.6 ? "P2" : risk >= 0.4 ? "P3" : "P4";
}
