using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.DecisionAudit;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Scheduling;
using SmartMaintenance.Cloud.Resources;

namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>
/// Maintenance Schedule: the orders the scheduling agent created with their state, and the steps a person takes
/// (approve on the Decision Log, then start and finish here, finishing with what was found); a week's timeline per
/// technician.
/// </summary>
public sealed class MaintenanceModel(IStringLocalizer<DashboardText> text, IMaintenanceOrderStore orders,
    IOptions<SchedulingOptions> scheduling, TimeProvider time, Display.PlantTime clock, OrderCompletionService completion)
    : DashboardPage(text)
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

    /// <summary>The order being finished (?Complete=id, the "Mark done" link): its form asks for the finding.</summary>
    [BindProperty(SupportsGet = true, Name = "Complete")]
    public long? CompleteId { get; set; }

    /// <summary>What the technician found or did (optional, at most <see cref="OrderCompletionService.MaxFindingLength"/> characters).</summary>
    [BindProperty]
    public string? Finding { get; set; }

    /// <summary>The order the completion form is for (in progress, the user may operate), else null (no form).</summary>
    public MaintenanceOrder? Completing { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    /// <summary>
    /// POST ?handler=Complete: InProgress -> Done with the finding (stored on the order, and the reason of the decision
    /// log's Complete line). A finding too long or with control characters is refused next to the field, text kept.
    /// </summary>
    public async Task<IActionResult> OnPostCompleteAsync(CancellationToken cancellationToken)
    {
        if (!CanOperate)
        {
            return NotAllowed();
        }

        if (CompleteId is not { } id)
        {
            return BadRequest();
        }

        var (_, error) = OrderCompletionService.NormalizeFinding(Finding);
        if (error is not null)
        {
            FieldError(nameof(Finding), "Maintenance.Finding.Error." + error, OrderCompletionService.MaxFindingLength.ToString("N0"));
            await LoadAsync(cancellationToken);
            return Page();
        }

        var who = User.FindFirstValue(ClaimTypes.NameIdentifier) ?? User.Identity!.Name!;
        var result = await completion.CompleteAsync(new CompletionRequest(id, who, Finding), cancellationToken);
        Stepped = (id, result.Outcome == CompletionOutcome.Completed);
        CompleteId = null;
        Finding = null;
        ModelState.Clear();
        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>
    /// POST ?handler=Step: Approved -> InProgress ("start") or InProgress -> Done ("done", without a finding: the same
    /// completion as the form's, so the decision log still gets its Complete line).
    /// </summary>
    public async Task<IActionResult> OnPostStepAsync(long orderId, string step, CancellationToken cancellationToken)
    {
        if (!CanOperate)
        {
            return NotAllowed();
        }

        if (step == "done")
        {
            var who = User.FindFirstValue(ClaimTypes.NameIdentifier) ?? User.Identity!.Name!;
            var done = await completion.CompleteAsync(new CompletionRequest(orderId, who, null), cancellationToken);
            Stepped = (orderId, done.Outcome == CompletionOutcome.Completed);
            await LoadAsync(cancellationToken);
            return Page();
        }

        var (from, to) = step switch
        {
            "start" => (MaintenanceStatus.Approved, MaintenanceStatus.InProgress),
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
        Completing = CanOperate && CompleteId is { } completeId && await orders.GetAsync(completeId, cancellationToken) is { Status: MaintenanceStatus.InProgress } open
            ? open
            : null;
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
