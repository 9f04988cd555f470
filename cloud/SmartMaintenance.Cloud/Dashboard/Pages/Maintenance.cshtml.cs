using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Scheduling;
using SmartMaintenance.Cloud.Resources;

namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>
/// Maintenance Schedule: the orders the scheduling agent created with their state, and the steps a person takes
/// (approve on the Decision Log, then start and finish here); a week's timeline per technician.
/// </summary>
public sealed class MaintenanceModel(IStringLocalizer<DashboardText> text, IMaintenanceOrderStore orders,
    IOptions<SchedulingOptions> scheduling, TimeProvider time, Display.PlantTime clock) : DashboardPage(text)
{
    public const int TimelineDays = 7;

    public IReadOnlyList<MaintenanceOrder> Items { get; private set; } = [];

    /// <summary>Orders with a slot in the next <see cref="TimelineDays"/> days, by technician (every crew member listed).</summary>
    public IReadOnlyList<(string Technician, IReadOnlyList<MaintenanceOrder> Orders)> Timeline { get; private set; } = [];

    public DateTime TimelineStart { get; private set; }

    /// <summary>A technician's orders whose slot starts on that plant-local day (a timeline cell).</summary>
    public IReadOnlyList<MaintenanceOrder> SlotsOn(IEnumerable<MaintenanceOrder> technicianOrders, DateTime day) =>
        [.. technicianOrders.Where(o => clock.Local(o.Start!.Value).Date == day)];

    /// <summary>The order whose state just changed, and whether it did (false: someone else moved it first).</summary>
    public (long Id, bool Moved)? Stepped { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <summary>POST ?handler=Step: Approved -> InProgress ("start") or InProgress -> Done ("done").</summary>
    public async Task<IActionResult> OnPostStepAsync(long orderId, string step, CancellationToken cancellationToken)
    {
        if (!CanOperate)
        {
            return NotAllowed();
        }

        var (from, to) = step switch
        {
            "start" => (MaintenanceStatus.Approved, MaintenanceStatus.InProgress),
            "done" => (MaintenanceStatus.InProgress, MaintenanceStatus.Done),
            _ => (default(MaintenanceStatus?), default(MaintenanceStatus?)),
        };
        if (from is null)
        {
            return BadRequest();
        }

        Stepped = (orderId, await orders.UpdateStatusAsync(orderId, from.Value, to!.Value, cancellationToken));
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>The badge colour of a state.</summary>
    public static string Badge(MaintenanceStatus status) => status switch
    {
        MaintenanceStatus.Scheduled => "",
        MaintenanceStatus.Approved => "info",
        MaintenanceStatus.InProgress => "warn",
        MaintenanceStatus.Done => "ok",
        _ => "bad",
    };

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var hidden = await HiddenDevicesAsync(cancellationToken);
        Items = [.. (await orders.ListAsync(null, null, null, hidden.Count > 0 ? 1000 : 200, cancellationToken)).Where(o => !hidden.Contains(o.DeviceId)).Take(200)];
        var now = time.GetUtcNow();
        // Days are the plant's days: the timeline starts at local midnight, not UTC midnight.
        TimelineStart = clock.Local(now).Date;
        var end = clock.ToUtc(TimelineStart.AddDays(TimelineDays));
        var upcoming = (await orders.UpcomingAsync(clock.ToUtc(TimelineStart), null, 500, cancellationToken))
            .Where(o => o.Start < end && o.Technician is not null && !hidden.Contains(o.DeviceId)).ToList();
        var names = scheduling.Value.Crew.Select(t => t.Name).Concat(upcoming.Select(o => o.Technician!)).Distinct(StringComparer.Ordinal);
        Timeline = names.Select(n => (n, (IReadOnlyList<MaintenanceOrder>)upcoming.Where(o => o.Technician == n).ToList())).ToList();
    }
}
