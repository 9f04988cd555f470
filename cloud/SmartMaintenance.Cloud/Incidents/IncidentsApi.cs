using SmartMaintenance.Cloud.Agents.DecisionAudit;
using SmartMaintenance.Cloud.Agents.Events;
using Microsoft.Extensions.Options;
using SmartMaintenance.Cloud.Agents.Incidents;
using SmartMaintenance.Cloud.Hosting;
using SmartMaintenance.Cloud.Ingestion;
using SmartMaintenance.Cloud.Query;
using SmartMaintenance.Cloud.Security;
using SmartMaintenance.Cloud.Storage;

namespace SmartMaintenance.Cloud.Incidents;

/// <summary>
/// GET  /api/v1/incidents?machine=&amp;state=&amp;severity=&amp;from=&amp;to=&amp;limit=&amp;cursor=   newest first, keyset pages (read)
///      state: open | acknowledged | resolved | unresolved; severity: the lowest shown (low, medium, high, critical);
///      from/to: incidents abnormal at some time inside [from, to)
/// GET  /api/v1/incidents/{id}                       evidence, decision-log steps, evidence sensors' readings around it (read)
/// POST /api/v1/incidents/{id}/acknowledge           {operator?, note?}: open -> acknowledged (operate)
/// POST /api/v1/incidents/{id}/resolve               {reason, note?, operator?, finding?}: open | acknowledged -> resolved (operate)
///      finding (no-fault, TWF, HDF, PWF, OSF): what was found; starts the note (so the decision log has it) and becomes a
///      training label of the failure model; the X-Plant-Label header says which label, or why none
/// A step the lifecycle does not allow from the current state is 409 with the state in the ProblemDetails.
/// </summary>
public static class IncidentsApi
{
    public const int MaxLimit = 200;
    public const int WindowLimit = 500;
    public static readonly TimeSpan WindowBefore = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan WindowAfter = TimeSpan.FromMinutes(5);

    public static IEndpointRouteBuilder MapIncidentsApi(this IEndpointRouteBuilder routes)
    {
        var read = routes.MapGroup("/api/v1/incidents").RequireScope(ApiScopes.Read).WithTags("Incidents");
        read.MapGet("", ListAsync).Produces<IncidentListView>().ProducesValidationProblem();
        read.MapGet("/{id:long}", GetAsync).Produces<IncidentDetailView>().ProducesProblem(404);

        var operate = routes.MapGroup("/api/v1/incidents").RequireScope(ApiScopes.Operate).WithTags("Incidents");
        operate.MapPost("/{id:long}/acknowledge", AcknowledgeAsync).Accepts<AcknowledgeBody>("application/json")
            .Produces<MachineIncident>().ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);
        operate.MapPost("/{id:long}/resolve", ResolveAsync).Accepts<ResolveBody>("application/json")
            .Produces<MachineIncident>().ProducesValidationProblem().ProducesProblem(404).ProducesProblem(409);
        return routes;
    }

    internal static async Task<IResult> ListAsync(HttpRequest request, IIncidentStore store, CancellationToken cancellationToken)
    {
        var q = new QueryParameters(request.Query);
        var filter = new IncidentFilter(MachineId: q.Text("machine") ?? q.Text("device_id"), Limit: q.Int("limit", 50, 1, MaxLimit),
            From: q.Time("from"), To: q.Time("to"));
        if (q.Text("state") is { } state)
        {
            if (state.Equals("unresolved", StringComparison.OrdinalIgnoreCase))
            {
                filter = filter with { UnresolvedOnly = true };
            }
            else if (Enum.TryParse<IncidentState>(state, ignoreCase: true, out var s) && Enum.IsDefined(s) && !state.Any(char.IsDigit))
            {
                filter = filter with { State = s };
            }
            else
            {
                q.Errors["state"] = ["state must be open, acknowledged, resolved or unresolved."];
            }
        }

        if (q.Text("severity") is { } severity)
        {
            if (Enum.TryParse<AnomalySeverity>(severity, ignoreCase: true, out var s) && Enum.IsDefined(s) && !severity.Any(char.IsDigit))
            {
                filter = filter with { MinSeverity = s };
            }
            else
            {
                q.Errors["severity"] = ["severity must be low, medium, high or critical."];
            }
        }

        if (!IncidentCursor.TryDecode(q.Text("cursor"), out var before))
        {
            q.Errors["cursor"] = ["cursor must be a next_cursor returned by a previous page."];
        }

        if (filter.From is { } from && filter.To is { } to && from >= to)
        {
            q.Errors["from"] = ["from must be before to."];
        }

        if (q.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(q.Errors, title: "The query is invalid.");
        }

        var page = await store.ListAsync(filter with { BeforeId = before }, cancellationToken);
        return TypedResults.Ok(new IncidentListView(page.Items, page.NextBeforeId is { } next ? IncidentCursor.Encode(next) : null));
    }

    internal static async Task<IResult> GetAsync(long id, IIncidentStore store, IDecisionStore decisions, IReadingStore readings,
        CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken) is not { } incident)
        {
            return NotFound(id);
        }

        var from = incident.FirstAbnormalAt - WindowBefore;
        var to = (incident.RecoveredAt ?? incident.LastAbnormalAt) + WindowAfter;
        var windows = new List<SensorWindowView>();
        foreach (var e in incident.Evidence.Take(3))
        {
            var rows = await readings.QueryAsync(new ReadingQuery(SensorId: e.SensorId, DeviceId: incident.DeviceId, From: from, To: to,
                Limit: WindowLimit), cancellationToken);
            windows.Add(new SensorWindowView(e.SensorId, e.Unit, rows));
        }

        var steps = await decisions.QueryAsync(new DecisionFilter(IncidentId: id, Limit: 100), cancellationToken);
        return TypedResults.Ok(new IncidentDetailView(incident, steps, from, to, windows));
    }

    internal static async Task<IResult> AcknowledgeAsync(long id, HttpContext context, IncidentService service, IOptions<HttpSecurityOptions> http,
        CancellationToken cancellationToken)
    {
        // The body is optional: acknowledging needs nothing but the caller.
        var body = new AcknowledgeBody(null, null);
        if (context.Request.ContentLength is not 0 && context.Request.ContentType is not null)
        {
            var (read, problem) = await RequestBody.ReadJsonAsync(context, CloudJsonContext.Default.AcknowledgeBody, http.Value.MaxJsonBodyBytes);
            if (problem is not null)
            {
                return problem;
            }

            body = read!;
        }

        var (result, errors) = await service.AcknowledgeAsync(id, body.Operator ?? CallerOf(context), body.Note, cancellationToken);
        return Answer(id, result, errors, "acknowledged", "open");
    }

    internal static async Task<IResult> ResolveAsync(long id, HttpContext context, IncidentService service, IOptions<HttpSecurityOptions> http,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadJsonAsync(context, CloudJsonContext.Default.ResolveBody, http.Value.MaxJsonBodyBytes);
        if (problem is not null)
        {
            return problem;
        }

        var (result, errors) = await service.ResolveAsync(id, body!.Operator ?? CallerOf(context), body.Reason, body.Note, body.Finding, cancellationToken);
        if (result?.Finding is { } finding)
        {
            context.Response.Headers["X-Plant-Label"] = finding.Recorded ? $"recorded {finding.LabelId} ({finding.Rows} readings)" : "not recorded: " + finding.Detail;
        }

        return Answer(id, result, errors, "resolved", "open or acknowledged");
    }

    private static IResult Answer(long id, TransitionResult? result, Dictionary<string, string[]> errors, string step, string allowedFrom) =>
        result?.Outcome switch
        {
            null => TypedResults.ValidationProblem(errors, title: "The request is invalid."),
            TransitionOutcome.NotFound => NotFound(id),
            TransitionOutcome.Conflict => TypedResults.Problem(statusCode: 409, title: $"Incident {id} cannot be {step}.",
                detail: $"It is {result.Incident!.State.ToString().ToLowerInvariant()}; only an incident that is {allowedFrom} can be {step}.",
                extensions: new Dictionary<string, object?> { ["state"] = result.Incident.State.ToString().ToLowerInvariant() }),
            _ => TypedResults.Ok(result.Incident),
        };

    private static IResult NotFound(long id) => TypedResults.Problem(statusCode: 404, title: $"Incident {id} does not exist.");

    /// <summary>The API key's name: who acted, when the body names nobody.</summary>
    private static string CallerOf(HttpContext context) =>
        context.Features.Get<PresentedApiKey>()?.Principal?.Name ?? "api";
}
