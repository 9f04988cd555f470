using SmartMaintenance.Cloud.Agents.Incidents;
using SmartMaintenance.Cloud.Ml.Plant;

namespace SmartMaintenance.Cloud.Ml;

/// <summary>
/// A resolved incident's finding as a training label: the machine's model inputs over the incident's abnormal span
/// (first to last abnormal reading: what the person's finding is about), labelled "incident:{id}". Resolving the
/// same incident again is impossible, so one incident gives one label. A label that cannot be built (the machine
/// reports none of the model's inputs, e.g. a turbofan) is logged and returned with the reason; the resolution
/// itself stands.
/// </summary>
internal sealed class PlantFindingRecorder(PlantWindow window, IPlantLabelSink sink, TimeProvider time, ILogger<PlantFindingRecorder> logger)
    : IPlantFindingRecorder
{
    public async Task<PlantFindingOutcome> RecordAsync(MachineIncident incident, string finding, string @operator, CancellationToken cancellationToken)
    {
        var (rows, problem) = await window.ReadAsync(incident.DeviceId, incident.FirstAbnormalAt, incident.LastAbnormalAt, cancellationToken);
        if (problem is not null)
        {
            MlLog.PlantFindingNotLabelled(logger, finding, incident.Id, problem);
            return new PlantFindingOutcome(false, null, 0, problem);
        }

        var id = $"incident:{incident.Id}";
        try
        {
            await sink.RecordAsync(new PlantLabel(id, incident.DeviceId, time.GetUtcNow(), finding, rows, id, @operator), cancellationToken);
        }
        catch (ArgumentException e)
        {
            MlLog.PlantFindingNotLabelled(logger, finding, incident.Id, e.Message);
            return new PlantFindingOutcome(false, null, 0, e.Message);
        }

        MlLog.PlantLabelRecorded(logger, id, finding, rows.Count, incident.DeviceId, @operator);
        return new PlantFindingOutcome(true, id, rows.Count, $"label {id}: {finding} on {rows.Count} readings of {incident.DeviceId}");
    }
}
