using SmartMaintenance.Cloud.Agents.Scheduling;

namespace SmartMaintenance.Cloud.Agents.Tests.Scheduling;

public sealed class SlotFinderTests
{
    private static readonly DateTimeOffset Day = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);

    // A Monday, 10:07 UTC.
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 7, 0, TimeSpan.Zero);

    private static SchedulingOptions Crew(params Technician[] technicians) => new() { Technicians = [.. technicians] };

    private static Technician Ana => new() { Name = "ana", Skills = ["mechanical"], ShiftStart = TimeSpan.FromHours(8), ShiftEnd = TimeSpan.FromHours(16),
        Days = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday] };

    [Fact]
    public void Find_PredictedFailureTomorrow_EarliestSlotNotInThePastWithinShift()
    {
        var slot = SlotFinder.Find(Crew(Ana), "mechanical", Now, Now.AddDays(1), []);
        Assert.Equal("ana", slot.Technician);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 30, 0, TimeSpan.Zero), slot.Start);
        Assert.StartsWith("before predicted failure", slot.Note);
    }

    [Fact]
    public void Find_PredictedFailureInThePast_NextAvailableSlotStatedAsFallback()
    {
        var slot = SlotFinder.Find(Crew(Ana), "mechanical", Now, Now.AddHours(-3), []);
        Assert.True(slot.Start >= Now);
        Assert.Contains("past or too close: next available slot", slot.Note);
    }

    [Fact]
    public void Find_NoPredictedDate_NextAvailableSlot()
    {
        var slot = SlotFinder.Find(Crew(Ana), "mechanical", Now, null, []);
        Assert.True(slot.Scheduled);
        Assert.Contains("no predicted failure date", slot.Note);
    }

    [Fact]
    public void Find_NoTechnicianWithSkill_UnscheduledWithReason()
    {
        var slot = SlotFinder.Find(Crew(Ana), "electrical", Now, Now.AddDays(1), []);
        Assert.False(slot.Scheduled);
        Assert.Contains("no technician has the skill 'electrical'", slot.Note);
    }

    [Fact]
    public void Find_OverlappingOrder_NextFreeSlotAfterIt()
    {
        var busy = new[] { new BusyInterval("ana", Day.AddHours(10.5), Day.AddHours(13)) };
        var slot = SlotFinder.Find(Crew(Ana), "mechanical", Now, Now.AddDays(2), busy);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 13, 0, 0, TimeSpan.Zero), slot.Start);
    }

    [Fact]
    public void Find_FailureBeforeAnyFreeSlot_UnscheduledNotLate()
    {
        // Failure at 15:00 today, ana busy until 16:00 (end of shift).
        var busy = new[] { new BusyInterval("ana", Day.AddHours(10), Day.AddHours(16)) };
        var slot = SlotFinder.Find(Crew(Ana), "mechanical", Now, Day.AddHours(15), busy);
        Assert.False(slot.Scheduled);
        Assert.Contains("before the predicted failure", slot.Note);
    }

    [Fact]
    public void InShift_OvernightShift_CoversEarlyMorningOfNextDay()
    {
        var night = new Technician { Name = "n", ShiftStart = TimeSpan.FromHours(22), ShiftEnd = TimeSpan.FromHours(6) };
        Assert.True(SlotFinder.InShift(night, Day.AddHours(25), Day.AddHours(27)));
        Assert.False(SlotFinder.InShift(night, Day.AddHours(12), Day.AddHours(14)));
    }
}
