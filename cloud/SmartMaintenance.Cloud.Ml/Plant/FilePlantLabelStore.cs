using System.Text.Json;
using SmartMaintenance.Cloud.Ml.Features;

namespace SmartMaintenance.Cloud.Ml.Plant;

/// <summary>
/// The plant's labels as one JSON document beside the model registry (same reasons as the registry: a handful of
/// rows with the models' lifecycle, apart from the readings database); written to a temp file and renamed, so a
/// crash leaves the old or the new list. Thread-safe; recording an Id that is already there replaces it.
/// </summary>
public sealed class FilePlantLabelStore(string path) : IPlantLabelSink
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SemaphoreSlim _lock = new(1, 1);

    public async Task RecordAsync(PlantLabel label, CancellationToken cancellationToken)
    {
        Validate(label);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var labels = (await ReadAsync(cancellationToken)).Where(l => l.Id != label.Id).Append(label).ToList();
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var temp = path + ".tmp";
            await File.WriteAllBytesAsync(temp, JsonSerializer.SerializeToUtf8Bytes(labels, Json), cancellationToken);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<IReadOnlyList<PlantLabel>> ListAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            return await ReadAsync(cancellationToken);
        }
        finally
        {
            _lock.Release();
        }
    }

    public static void Validate(PlantLabel label)
    {
        if (string.IsNullOrWhiteSpace(label.Id)) throw new ArgumentException("a plant label needs an id");
        if (label.Finding != PlantLabel.NoFault && !FailureModes.Names.Skip(1).Contains(label.Finding))
        {
            throw new ArgumentException($"finding must be '{PlantLabel.NoFault}' or one of {string.Join(", ", FailureModes.Names.Skip(1))}, not '{label.Finding}'");
        }

        if (label.Window.Count == 0) throw new ArgumentException("a plant label needs the machine's readings (window)");
        if (label.Window.Any(r => !double.IsFinite(r.AirTemperatureK) || !double.IsFinite(r.ProcessTemperatureK) || !double.IsFinite(r.RotationalSpeedRpm)
            || !double.IsFinite(r.TorqueNm) || !double.IsFinite(r.ToolWearMin) || r.Type is not ('L' or 'M' or 'H')))
        {
            throw new ArgumentException("a reading of the window holds a non-finite value or an unknown product type");
        }
    }

    private async Task<List<PlantLabel>> ReadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(path)) return [];
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<List<PlantLabel>>(stream, Json, cancellationToken) ?? [];
    }
}
