using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using SmartMaintenance.Cloud.Agents.DecisionAudit;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Scheduling;
using SmartMaintenance.Cloud.Resources;

namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>
/// Decision Log: record approve / reject / defer on a maintenance order (as the signed-in user, so the audit names
/// who decided), list and filter the append-only log, export it to CSV. The list holds both logs: decisions on orders
/// and incidents, and decisions on free requests (<c>POST /api/v1/decisions/submit</c>, the demo site's clear), newest first.
/// </summary>
public sealed class DecisionsModel(IStringLocalizer<DashboardText> text, DecisionService service, IDecisionStore store,
    IRequestDecisionStore requests, IMaintenanceOrderStore orders) : DashboardPage(text)
{
    /// <summary>Also read from the query (?OrderId=), so the Maintenance page's Approve link opens with the order chosen.</summary>
    [BindProperty(SupportsGet = true), Required(ErrorMessage = "Validation.Required")]
    public long? OrderId { get; set; }

    [BindProperty, Required(ErrorMessage = "Validation.Required")]
    public DecisionKind? Decision { get; set; }

    [BindProperty, Required(ErrorMessage = "Validation.Required"), StringLength(2000, ErrorMessage = "Decisions.Error.ReasonLength")]
    public string? Reason { get; set; }

    [BindProperty(SupportsGet = true)] public long? FilterOrder { get; set; }
    [BindProperty(SupportsGet = true)] public string? FilterOperator { get; set; }
    [BindProperty(SupportsGet = true)] public DecisionKind? FilterKind { get; set; }

    /// <summary>A request id (exact, e.g. REQ_0042): only that request's decisions.</summary>
    [BindProperty(SupportsGet = true)] public string? FilterRequest { get; set; }

    /// <summary>How many lines the page lists (the CSV exports up to <see cref="CsvLimit"/>).</summary>
    public const int PageLimit = 500, CsvLimit = 10_000;

    public IReadOnlyList<DecisionLogEntry> Items { get; private set; } = [];
    public IReadOnlyList<MaintenanceOrder> Orders { get; private set; } = [];
    public long? RecordedId { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!CanOperate)
        {
            return NotAllowed();
        }

        if (ModelState.IsValid)
        {
            var who = User.FindFirstValue(ClaimTypes.NameIdentifier) ?? User.Identity!.Name!;
            var (decision, errors) = await service.RecordAsync(new DecisionRequest(OrderId!.Value, Decision!.Value, who, Reason!), cancellationToken);
            if (errors.ContainsKey("order_id"))
            {
                FieldError(nameof(OrderId), "Decisions.Error.Order");
            }

            if (errors.ContainsKey("reason"))
            {
                FieldError(nameof(Reason), "Decisions.Error.ReasonLength");
            }

            if (decision is not null)
            {
                await MoveOrderAsync(decision.OrderId, decision.Kind, cancellationToken);
                RecordedId = decision.Id;
                Reason = null;
                ModelState.Clear();
            }
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    /// <summary>GET ?handler=Csv with the same filters: the whole filtered log, RFC 4180, invariant culture.</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        var list = await QueryAsync(CsvLimit, cancellationToken);
        return File(Encoding.UTF8.GetBytes(DecisionLogEntry.Csv(list)), "text/csv; charset=utf-8", "decisions.csv");
    }

    public string CsvLink()
    {
        var q = new List<string> { "handler=Csv" };
        if (FilterOrder is { } o)
        {
            q.Add("FilterOrder=" + o);
        }

        if (!string.IsNullOrWhiteSpace(FilterOperator))
        {
            q.Add("FilterOperator=" + Uri.EscapeDataString(FilterOperator));
        }

        if (FilterKind is { } k)
        {
            q.Add("FilterKind=" + k);
        }

        if (!string.IsNullOrWhiteSpace(FilterRequest))
        {
            q.Add("FilterRequest=" + Uri.EscapeDataString(FilterRequest));
        }

        return "/ui/Decisions?" + string.Join('&', q);
    }

    /// <summary>
    /// Approve and reject are outcomes for the order, not only log lines: a planned order becomes Approved (then the
    /// Maintenance page can start and finish it) or Rejected. Defer leaves it as it is; an order already under way or
    /// done keeps its state (the decision is still logged).
    /// </summary>
    private async Task MoveOrderAsync(long orderId, DecisionKind kind, CancellationToken cancellationToken)
    {
        var target = kind switch
        {
            DecisionKind.Approve => MaintenanceStatus.Approved,
            DecisionKind.Reject => MaintenanceStatus.Rejected,
            _ => (MaintenanceStatus?)null,
        };
        if (target is { } to && await orders.GetAsync(orderId, cancellationToken) is { Status: MaintenanceStatus.Scheduled or MaintenanceStatus.Unscheduled } order)
        {
            await orders.UpdateStatusAsync(orderId, order.Status, to, cancellationToken);
        }
    }

    /// <summary>
    /// The newest <paramref name="limit"/> lines of both logs under the filters: an order filter leaves the requests out,
    /// a request filter the orders and incidents; operator and decision apply to both.
    /// </summary>
    private async Task<IReadOnlyList<DecisionLogEntry>> QueryAsync(int limit, CancellationToken cancellationToken)
    {
        var @operator = string.IsNullOrWhiteSpace(FilterOperator) ? null : FilterOperator.Trim();
        var request = string.IsNullOrWhiteSpace(FilterRequest) ? null : FilterRequest.Trim();
        IReadOnlyList<Decision> onOrders = request is null
            ? await store.QueryAsync(new DecisionFilter(FilterOrder, @operator, FilterKind, Limit: limit, NewestFirst: true), cancellationToken)
            : [];
        IReadOnlyList<RequestDecision> onRequests = FilterOrder is null
            ? await requests.QueryAsync(new RequestDecisionFilter(request, @operator, limit, FilterKind, NewestFirst: true), cancellationToken)
            : [];
        return DecisionLogEntry.Merge(onOrders, onRequests, limit);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Items = await QueryAsync(PageLimit, cancellationToken);
        Orders = await orders.ListAsync(null, null, null, 100, cancellationToken);
    }

    /// <summary>What a line is about, in the page's language: an order, an incident or a request (the demo clear by name).</summary>
    public string Subject(DecisionLogEntry entry) => entry switch
    {
        { IncidentId: { } incident } => Text["Decisions.IncidentRef", incident.ToString("N0")],
        { RequestId: Agents.DemoDataCleaner.RequestId } => Text["Decisions.Request.DemoClear"],
        { RequestId: { } request } => Text["Decisions.RequestRef", request],
        _ => Text["Decisions.OrderRef", (entry.OrderId ?? 0).ToString("N0")],
    };
}
