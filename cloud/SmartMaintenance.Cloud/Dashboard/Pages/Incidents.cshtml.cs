using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Incidents;
using SmartMaintenance.Cloud.Resources;

namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>
/// Incidents: the queue people work through — one card per machine incident (newest first, keyset pages, filters by
/// machine, state, lowest severity and time), its evidence in one line (top sensor with value, unit and what the
/// baseline expected; severity and p-value as the detector said) with a link to that sensor's trend around the
/// incident, and the two steps: acknowledge, resolve with a reason. Steps go through IncidentService as the signed-in
/// user, so the decision log names who acted. Cards, not a table: they read the same at 390 px and at 1440 px.
/// </summary>
public sealed class IncidentsModel(IStringLocalizer<DashboardText> text, IIncidentStore store, IncidentService service, TimeProvider time,
    Display.PlantTime clock)
    : DashboardPage(text)
{
    public const int PageSize = 20;

    /// <summary>Minutes of trend shown before the incident and after its last abnormal reading.</summary>
    private static readonly TimeSpan TrendBefore = TimeSpan.FromMinutes(10), TrendAfter = TimeSpan.FromMinutes(5);

    [BindProperty(SupportsGet = true)] public string? Machine { get; set; }

    /// <summary>open, acknowledged, resolved, unresolved (the default: what still needs people) or all.</summary>
    [BindProperty(SupportsGet = true)] public string? State { get; set; }

    [BindProperty(SupportsGet = true)] public AnomalySeverity? Severity { get; set; }

    /// <summary>UTC, as every time on the dashboard.</summary>
    [BindProperty(SupportsGet = true)] public DateTime? From { get; set; }

    [BindProperty(SupportsGet = true)] public DateTime? To { get; set; }

    [BindProperty(SupportsGet = true)] public long? Before { get; set; }

    [BindProperty] public ResolutionReason? Reason { get; set; }

    [BindProperty] public string? Note { get; set; }

    /// <summary>What was found (optional): PlantFinding's codes; it becomes a training label of the failure model.</summary>
    [BindProperty] public string? Finding { get; set; }

    public IReadOnlyList<MachineIncident> Items { get; private set; } = [];

    public long? NextBefore { get; private set; }

    /// <summary>The training label the finding just recorded became, or why none (null when no finding was given).</summary>
    public PlantFindingOutcome? FindingOutcome { get; private set; }

    /// <summary>The outcome of a step just taken (resource key and incident id), shown above the queue.</summary>
    public (string Key, long Id, bool Ok)? Outcome { get; private set; }

    public static readonly string[] States = ["unresolved", "open", "acknowledged", "resolved", "all"];

    public string StateOrDefault => State is { } s && States.Contains(s) ? s : "unresolved";

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAcknowledgeAsync(long id, CancellationToken cancellationToken)
    {
        if (!CanOperate)
        {
            return NotAllowed();
        }

        var (result, errors) = await service.AcknowledgeAsync(id, Who(), null, cancellationToken);
        Outcome = OutcomeOf(result, errors, id, "Incidents.Done.Acknowledged");
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostResolveAsync(long id, CancellationToken cancellationToken)
    {
        if (!CanOperate)
        {
            return NotAllowed();
        }

        if (Reason is null)
        {
            Outcome = ("Incidents.Error.Reason", id, false);
        }
        else
        {
            var (result, errors) = await service.ResolveAsync(id, Who(), IncidentDecisionText.Code(Reason.Value), Note, Finding, cancellationToken);
            Outcome = errors.ContainsKey("finding") ? ("Incidents.Error.Finding", id, false) : OutcomeOf(result, errors, id, "Incidents.Done.Resolved");
            FindingOutcome = result?.Finding;
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>
    /// The Data Explorer on the top sensor, from a little before the incident to a little after its last abnormal
    /// reading. The explorer reads From/To as plant time, like every time a person types.
    /// </summary>
    public static string TrendLink(MachineIncident incident, Display.PlantTime clock)
    {
        var from = clock.InputValue(incident.FirstAbnormalAt - TrendBefore);
        var to = clock.InputValue((incident.RecoveredAt ?? incident.LastAbnormalAt) + TrendAfter);
        var sensor = incident.Top is { } top ? "&SensorId=" + Uri.EscapeDataString(top.SensorId) : "";
        return $"/ui/DataExplorer?DeviceId={Uri.EscapeDataString(incident.DeviceId)}{sensor}&From={from}&To={to}";
    }

    /// <summary>This page with the current filters (and a page position).</summary>
    public string Link(long? before)
    {
        var q = new List<string> { "State=" + StateOrDefault };
        if (!string.IsNullOrWhiteSpace(Machine)) q.Add("Machine=" + Uri.EscapeDataString(Machine.Trim()));
        if (Severity is { } s) q.Add("Severity=" + s);
        if (From is { } f) q.Add("From=" + f.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        if (To is { } t) q.Add("To=" + t.ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture));
        if (before is { } b) q.Add("Before=" + b.ToString(CultureInfo.InvariantCulture));
        return "/ui/Incidents?" + string.Join('&', q);
    }

    /// <summary>The p-value as the detector's calibration can state it: below 1e-9 it is only "below 1e-9".</summary>
    public static string PValueText(double p) =>
        p < 1e-9 ? "< " + 1e-9.ToString("0E+0", CultureInfo.CurrentCulture) : p.ToString("G2", CultureInfo.CurrentCulture);

    public static string BadgeOf(AnomalySeverity s) => s is AnomalySeverity.High or AnomalySeverity.Critical ? "bad" : "warn";

    public static string BadgeOf(IncidentState s) => s switch
    {
        IncidentState.Open => "bad",
        IncidentState.Acknowledged => "warn",
        _ => "ok",
    };

    private string Who() => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? User.Identity!.Name!;

    private static (string, long, bool) OutcomeOf(TransitionResult? result, Dictionary<string, string[]> errors, long id, string done) =>
        result?.Outcome switch
        {
            TransitionOutcome.Done => (done, id, true),
            TransitionOutcome.NotFound => ("Incidents.Error.NotFound", id, false),
            TransitionOutcome.Conflict => ("Incidents.Error.Conflict." + result.Incident!.State, id, false),
            _ => (errors.ContainsKey("note") ? "Incidents.Error.Note" : "Incidents.Error.Invalid", id, false),
        };

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var state = StateOrDefault;
        var filter = new IncidentFilter(
            MachineId: string.IsNullOrWhiteSpace(Machine) ? null : Machine.Trim(),
            State: state is "open" or "acknowledged" or "resolved" ? Enum.Parse<IncidentState>(state, ignoreCase: true) : null,
            UnresolvedOnly: state == "unresolved",
            MinSeverity: Severity,
            From: From is { } f ? clock.ToUtc(f) : null,
            To: To is { } t ? clock.ToUtc(t) : null,
            BeforeId: Before,
            Limit: PageSize);
        var page = await store.ListAsync(filter, cancellationToken);
        var hidden = await HiddenDevicesAsync(cancellationToken);
        Items = [.. page.Items.Where(i => !hidden.Contains(i.DeviceId))];
        NextBefore = page.NextBeforeId;
    }

    /// <summary>"2 min ago" style ages are not used: times are absolute, in UTC, like every page. Now, for the recovered line.</summary>
    public DateTimeOffset Now => time.GetUtcNow();
}
