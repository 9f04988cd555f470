using SmartMaintenance.Cloud.Agents.Bus;
using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Agents.Incidents;

/// <summary>
/// People's steps on incidents (API and dashboard): acknowledge, resolve with a reason. Both are appended to the
/// decision log by the store in the step's transaction. A resolution resets the machine's incident rule (the next
/// abnormal run opens a new incident), re-baselines its detector when the reason is maintenance done, and goes to the
/// knowledge base (IncidentResolved -> LearningAgent) so the next similar incident arrives with this case. A finding
/// (what was found: PlantFinding) starts the resolution note, so the decision log carries it, and becomes a training
/// label of the failure model through IPlantFindingRecorder (issue 17, learning from the plant).
/// </summary>
public sealed class IncidentService(IIncidentStore store, IEventBus bus, IMachineResets resets, TimeProvider time,
    IPlantFindingRecorder? findings = null)
{
    public const int MaxNote = 2000;

    public async Task<(TransitionResult? Result, Dictionary<string, string[]> Errors)> AcknowledgeAsync(long id, string? @operator,
        string? note, CancellationToken cancellationToken)
    {
        var errors = Check(@operator, note);
        return errors.Count > 0
            ? (null, errors)
            : (await store.AcknowledgeAsync(id, @operator!.Trim(), note, time.GetUtcNow(), cancellationToken), errors);
    }

    public Task<(TransitionResult? Result, Dictionary<string, string[]> Errors)> ResolveAsync(long id, string? @operator,
        string? reason, string? note, CancellationToken cancellationToken) =>
        ResolveAsync(id, @operator, reason, note, finding: null, cancellationToken);

    /// <param name="finding">null, or PlantFinding's no-fault / TWF / HDF / PWF / OSF (any case).</param>
    public async Task<(TransitionResult? Result, Dictionary<string, string[]> Errors)> ResolveAsync(long id, string? @operator,
        string? reason, string? note, string? finding, CancellationToken cancellationToken)
    {
        var errors = Check(@operator, note);
        var found = PlantFinding.Parse(finding);
        if (!string.IsNullOrWhiteSpace(finding) && found is null)
        {
            errors["finding"] = [$"finding must be one of {string.Join(", ", PlantFinding.Codes)}."];
        }

        if (!IncidentDecisionText.TryParse(reason, out var parsed))
        {
            errors["reason"] = ["reason must be maintenance-done, no-fault, false-alarm or other."];
        }
        else if (parsed == ResolutionReason.Other && string.IsNullOrWhiteSpace(note))
        {
            errors["note"] = ["a note is required when the reason is other."];
        }
        else if (found is not null && found != PlantFinding.NoFault && parsed is ResolutionReason.NoFault or ResolutionReason.FalseAlarm)
        {
            // A failure mode found on a machine that had "no fault" would teach the model both at once.
            errors["finding"] = [$"finding {found} contradicts the reason {IncidentDecisionText.Code(parsed)}."];
        }

        if (found is not null)
        {
            note = PlantFinding.Note(found, note);
            if (note.Length > MaxNote) errors["note"] = [$"note must be at most {MaxNote} characters (with the finding)."];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var now = time.GetUtcNow();
        var result = await store.ResolveAsync(id, @operator!.Trim(), parsed, note, now, cancellationToken);
        if (result is { Outcome: TransitionOutcome.Done, Incident: { } incident })
        {
            resets.Request(incident.MachineId, rebaseline: parsed == ResolutionReason.MaintenanceDone);
            var top = incident.Top;
            var symptoms = top is null
                ? $"{incident.Severity} incident on {incident.DeviceId}"
                : $"{incident.Severity} incident on {incident.DeviceId}: {top.SensorId} {top.Value:G4} {top.Unit} (expected {top.Expected:G4})";
            await bus.PublishAsync(new IncidentResolved(new EventMeta($"incident:{incident.Id}/resolved", incident.DeviceId, incident.CorrelationId, now),
                top?.SensorType ?? "machine", IncidentSignature.Of(incident.Evidence, incident.PValue), symptoms,
                IncidentDecisionText.Code(parsed), string.IsNullOrWhiteSpace(note) ? IncidentDecisionText.Code(parsed) : note.Trim()),
                cancellationToken);
            if (found is not null)
            {
                var outcome = await (findings ?? NoRecorder).RecordAsync(incident, found, @operator.Trim(), cancellationToken);
                result = result with { Finding = outcome };
            }
        }

        return (result, errors);
    }

    private static readonly IPlantFindingRecorder NoRecorder = new NoPlantFindingRecorder();

    private static Dictionary<string, string[]> Check(string? @operator, string? note)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(@operator) || @operator.Length > 100)
        {
            errors["operator"] = ["operator is required (at most 100 characters)."];
        }

        if (note is { Length: > MaxNote })
        {
            errors["note"] = [$"note must be at most {MaxNote} characters."];
        }

        return errors;
    }
}
