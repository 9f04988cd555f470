using System.Collections.Concurrent;
using SmartMaintenance.Cloud.Ml.Data;
using SmartMaintenance.Cloud.Ml.Registry;

namespace SmartMaintenance.Cloud.Ml.Prediction;

/// <summary>
/// Resolves the version (auto = production) on every call from the registry's in-memory document, and keeps
/// loaded versions cached: promotion swaps which cached version "auto" reaches without a reload on the request
/// path of any other version. A load that fails (e.g. integrity) is not cached, so a fixed artifact loads later.
/// </summary>
public sealed class FailurePredictor(ModelRegistry registry) : IFailurePredictor
{
    private readonly ConcurrentDictionary<(string, int), Lazy<Task<LoadedModel>>> _cache = new();

    public ValueTask<FailurePrediction> PredictAsync(string modelName, string modelVersion, MachineReading reading, CancellationToken cancellationToken) =>
        PredictAsync(modelName, modelVersion, reading, explain: false, cancellationToken);

    public async ValueTask<FailurePrediction> PredictAsync(string modelName, string modelVersion, MachineReading reading, bool explain, CancellationToken cancellationToken)
    {
        var version = await registry.ResolveAsync(modelName, modelVersion, cancellationToken)
            ?? throw new ModelNotFoundException(string.Equals(modelVersion, ModelRegistry.Auto, StringComparison.OrdinalIgnoreCase)
                ? $"model '{modelName}' has no enabled production version."
                : $"model '{modelName}' has no enabled version '{modelVersion}'.");
        var loaded = await LoadAsync(version, cancellationToken);
        return await loaded.PredictAsync(reading, explain, cancellationToken);
    }

    /// <summary>Loads (and verifies) a version ahead of the first request, e.g. right after promotion.</summary>
    public async Task WarmAsync(ModelVersion version, CancellationToken cancellationToken) => await LoadAsync(version, cancellationToken);

    private async Task<LoadedModel> LoadAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        var key = (version.Name, version.Version);
        // Found on every request after the first: the factory is static and takes its state as an argument, so the
        // hot path allocates no closure (issue 17, predict latency).
        var lazy = _cache.TryGetValue(key, out var cached) ? cached : _cache.GetOrAdd(key, static (_, state) => new Lazy<Task<LoadedModel>>(async () =>
            new LoadedModel(state.version, await state.registry.LoadAsync(state.version, CancellationToken.None))), (version, registry));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            _cache.TryRemove(new KeyValuePair<(string, int), Lazy<Task<LoadedModel>>>(key, lazy));
            throw;
        }
    }
}
