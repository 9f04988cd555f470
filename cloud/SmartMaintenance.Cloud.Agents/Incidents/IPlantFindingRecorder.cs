namespace SmartMaintenance.Cloud.Agents.Incidents;

/// <summary>
/// Turns a resolved incident's finding into a training label of the failure model: the machine's model inputs over
/// the incident's abnormal span, labelled with the finding. The host adapts it to the ML side (Cloud/Ml/
/// PlantFindingRecorder.cs); without one (agents alone) findings stay in the decision log only. Returns what was
/// recorded, or why nothing could be (e.g. the machine reports none of the model's inputs); never throws for that.
/// </summary>
public interface IPlantFindingRecorder
{
    Task<PlantFindingOutcome> RecordAsync(MachineIncident incident, string finding, string @operator, CancellationToken cancellationToken);
}

/// <summary>Recorded: a label with Rows readings was stored under LabelId; otherwise Detail says why not.</summary>
public sealed record PlantFindingOutcome(bool Recorded, string? LabelId, int Rows, string Detail);

internal sealed class NoPlantFindingRecorder : IPlantFindingRecorder
{
    public Task<PlantFindingOutcome> RecordAsync(MachineIncident incident, string finding, string @operator, CancellationToken cancellationToken) =>
        Task.FromResult(new PlantFindingOutcome(false, null, 0, "no training-label store in this host"));
}
