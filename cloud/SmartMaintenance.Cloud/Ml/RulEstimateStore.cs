using System.Text.Json;

namespace SmartMaintenance.Cloud.Ml;

/// <summary>
/// Each machine's latest RUL estimate, as one JSON document beside the model registry (like the plant's labels: a
/// row per turbofan, rewritten when its estimate changes; written to a temp file and renamed, so a crash leaves the
/// old or the new document). Held in memory after the first read, so the device page and the API never touch disk.
/// </summary>
public sealed class RulEstimateStore(string path)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SemaphoreSlim _lock = new(1, 1);
    private Dictionary<string, MachineRul>? _latest;

    public async Task SaveAsync(MachineRul estimate, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var latest = new Dictionary<string, MachineRul>(await LoadAsync(cancellationToken), StringComparer.Ordinal) { [estimate.DeviceId] = estimate };
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var temp = path + ".tmp";
            await File.WriteAllBytesAsync(temp, JsonSerializer.SerializeToUtf8Bytes(latest.Values.OrderBy(e => e.DeviceId, StringComparer.Ordinal), Json), cancellationToken);
            File.Move(temp, path, overwrite: true);
            _latest = latest;
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task<MachineRul?> LatestAsync(string deviceId, CancellationToken cancellationToken)
    {
        if (_latest is { } cached) return cached.GetValueOrDefault(deviceId);
        await _lock.WaitAsync(cancellationToken);
        try
        {
            return (await LoadAsync(cancellationToken)).GetValueOrDefault(deviceId);
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task<Dictionary<string, MachineRul>> LoadAsync(CancellationToken cancellationToken)
    {
        if (_latest is { } cached) return cached;
        var loaded = new Dictionary<string, MachineRul>(StringComparer.Ordinal);
        if (File.Exists(path))
        {
            await using var stream = File.OpenRead(path);
            foreach (var e in await JsonSerializer.DeserializeAsync<List<MachineRul>>(stream, Json, cancellationToken) ?? [])
            {
                loaded[e.DeviceId] = e;
            }
        }

        _latest = loaded;
        return loaded;
    }
}
