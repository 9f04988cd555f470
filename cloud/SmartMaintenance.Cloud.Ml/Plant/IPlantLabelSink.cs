namespace SmartMaintenance.Cloud.Ml.Plant;

/// <summary>
/// Where incident resolution and maintenance-order completion hand over what was found (issue 17, learning from
/// the plant). The caller builds the PlantLabel: the finding (PlantLabel.NoFault or TWF/HDF/PWF/OSF), the machine's
/// AI4I inputs over the window before the incident/order, and a source id such as "incident:42". Throws
/// ArgumentException for a label the model cannot learn from (unknown finding, empty window, non-finite value).
/// </summary>
public interface IPlantLabelSink
{
    Task RecordAsync(PlantLabel label, CancellationToken cancellationToken);
}
