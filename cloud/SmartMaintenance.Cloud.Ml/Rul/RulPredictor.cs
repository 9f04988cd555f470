using System.Collections.Concurrent;
using SmartMaintenance.Cloud.Ml.Registry;

namespace SmartMaintenance.Cloud.Ml.Rul;

/// <summary>
/// Remaining useful life from the registry's RUL model (auto = production), for the API, the dashboard and any
/// agent. Loaded versions are cached (SHA-256 checked on load, a failed load is not cached). Thread-safe.
/// Throws ModelNotFoundException for an unknown/disabled model or version, ArtifactIntegrityException for a
/// tampered artifact, ArgumentException for a history the model cannot read (fewer than 10 cycles, not 21 sensors, non-finite values).
/// </summary>
public sealed class RulPredictor(ModelRegistry registry)
{
    private readonly ConcurrentDictionary<(string, int), Lazy<Task<RulModel>>> _cache = new();

    public async ValueTask<RulEstimate> PredictAsync(string modelName, string modelVersion, IReadOnlyList<float[]> cycles, CancellationToken cancellationToken)
    {
        Validate(cycles);
        var version = await registry.ResolveAsync(modelName, modelVersion, cancellationToken)
            ?? throw new ModelNotFoundException(string.Equals(modelVersion, ModelRegistry.Auto, StringComparison.OrdinalIgnoreCase)
                ? $"model '{modelName}' has no enabled production version."
                : $"model '{modelName}' has no enabled version '{modelVersion}'.");
        var model = await LoadAsync(version, cancellationToken);
        return model.Predict(cycles, version.Name, version.Version);
    }

    /// <summary>Loads (and verifies) a version ahead of use, e.g. before promoting it.</summary>
    public async Task WarmAsync(ModelVersion version, CancellationToken cancellationToken) => await LoadAsync(version, cancellationToken);

    public static void Validate(IReadOnlyList<float[]> cycles)
    {
        if (cycles.Count < RulModel.MinimumCycles)
        {
            throw new ArgumentException($"at least {RulModel.MinimumCycles} cycles are needed, got {cycles.Count}.");
        }

        for (var i = 0; i < cycles.Count; i++)
        {
            if (cycles[i] is null || cycles[i].Length != CmapssLoader.SensorCount)
            {
                throw new ArgumentException($"cycle {i + 1} must hold the {CmapssLoader.SensorCount} sensor values s1..s21.");
            }

            if (cycles[i].Any(v => !float.IsFinite(v)))
            {
                throw new ArgumentException($"cycle {i + 1} holds a value that is not a finite number.");
            }
        }
    }

    private async Task<RulModel> LoadAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        var key = (version.Name, version.Version);
        var lazy = _cache.GetOrAdd(key, _ => new Lazy<Task<RulModel>>(async () =>
            RulModel.FromBytes(await registry.LoadBytesAsync(version, CancellationToken.None))));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            _cache.TryRemove(new KeyValuePair<(string, int), Lazy<Task<RulModel>>>(key, lazy));
            throw;
        }
    }
}
