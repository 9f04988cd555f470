using System.Globalization;
using System.Security.Cryptography;
using SmartMaintenance.Cloud.Ml.Artifacts;
using SmartMaintenance.Cloud.Ml.Retraining;
using SmartMaintenance.Cloud.Ml.Training;

namespace SmartMaintenance.Cloud.Ml.Registry;

/// <summary>
/// Registers, promotes, enables and resolves model versions. The document is read once and kept in memory;
/// every change is written through under one lock, so readers (version resolution on each prediction) never
/// touch the disk. Loading an artifact checks its SHA-256 against the one recorded at registration.
/// </summary>
public sealed class ModelRegistry(IModelRegistryStore store, IArtifactStore artifacts, TimeProvider time)
{
    public const string Auto = "auto";

    private readonly SemaphoreSlim _lock = new(1, 1);
    private RegistryDocument? _document;

    /// <summary>Raised after a change of stage or enabled flag, so caches can drop what they hold.</summary>
    public event Action? Changed;

    public IArtifactStore Artifacts => artifacts;

    public async Task<IReadOnlyList<ModelVersion>> ListAsync(string? name, CancellationToken cancellationToken)
    {
        var doc = await DocumentAsync(cancellationToken);
        return doc.Versions.Where(v => name is null || v.Name == name).OrderBy(v => v.Name).ThenBy(v => v.Version).ToList();
    }

    public async Task<IReadOnlyList<RetrainDecision>> DecisionsAsync(CancellationToken cancellationToken) =>
        (await DocumentAsync(cancellationToken)).Decisions;

    public Task<ModelVersion> RegisterAsync(string name, TrainedModel model, CancellationToken cancellationToken) =>
        RegisterAsync(name, model.ToBytes(), v => new ModelVersion(name, v.Version, ModelStage.Staging, time.GetUtcNow(), model.Manifest.Metrics, model.Manifest.Configuration,
            model.Manifest.DataSha256, model.Manifest.FeatureNames, v.Uri, v.Sha256, Enabled: true, model.Manifest.Options), cancellationToken);

    /// <summary>
    /// Registers any artifact (e.g. the RUL regression): entry builds the version record from the assigned number,
    /// the artifact URI and its SHA-256.
    /// </summary>
    public async Task<ModelVersion> RegisterAsync(string name, byte[] bytes, Func<(int Version, string Uri, string Sha256), ModelVersion> entry, CancellationToken cancellationToken)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return await UpdateAsync(async doc =>
        {
            var version = doc.Versions.Where(v => v.Name == name).Select(v => v.Version).DefaultIfEmpty(0).Max() + 1;
            var uri = await artifacts.PutAsync($"{name}/{version}/model.zip", bytes, cancellationToken);
            var created = entry((version, uri, sha));
            return (doc with { Versions = [.. doc.Versions, created] }, created);
        }, cancellationToken);
    }

    /// <summary>Makes the version production; the previous production version of that name is archived.</summary>
    public Task<ModelVersion> PromoteAsync(string name, int version, CancellationToken cancellationToken) =>
        UpdateAsync(doc =>
        {
            var target = Find(doc, name, version);
            if (!target.Enabled)
            {
                throw new ModelLifecycleException($"model '{name}' version {version} is disabled; enable it before promoting it.");
            }

            var promoted = target with { Stage = ModelStage.Production };
            var versions = doc.Versions.Select(v =>
                v.Name == name && v.Version == version ? promoted
                : v.Name == name && v.Stage == ModelStage.Production ? v with { Stage = ModelStage.Archived }
                : v).ToList();
            return Task.FromResult((doc with { Versions = versions }, promoted));
        }, cancellationToken);

    public Task<ModelVersion> SetEnabledAsync(string name, int version, bool enabled, CancellationToken cancellationToken) =>
        UpdateAsync(doc =>
        {
            var changed = Find(doc, name, version) with { Enabled = enabled };
            var versions = doc.Versions.Select(v => v.Name == name && v.Version == version ? changed : v).ToList();
            return Task.FromResult((doc with { Versions = versions }, changed));
        }, cancellationToken);

    public async Task<IReadOnlyList<PromotionRecord>> PromotionsAsync(CancellationToken cancellationToken) =>
        (await DocumentAsync(cancellationToken)).Promotions;

    /// <summary>
    /// A person's promotion or rollback with its decision record, in one registry write: the version becomes
    /// production (previous one archived) and the record says who, why, from which version and with which figures.
    /// </summary>
    public Task<ModelVersion> PromoteWithRecordAsync(string name, int version, string by, string reason, CancellationToken cancellationToken) =>
        UpdateAsync(doc =>
        {
            var target = Find(doc, name, version);
            if (!target.Enabled)
            {
                throw new ModelLifecycleException($"model '{name}' version {version} is disabled; enable it before promoting it.");
            }

            var current = doc.Versions.FirstOrDefault(v => v.Name == name && v.Stage == ModelStage.Production);
            var promoted = target with { Stage = ModelStage.Production };
            var versions = doc.Versions.Select(v =>
                v.Name == name && v.Version == version ? promoted
                : v.Name == name && v.Stage == ModelStage.Production ? v with { Stage = ModelStage.Archived }
                : v).ToList();
            var record = new PromotionRecord(name, current?.Version, version, current is not null && current.Version > version, by, reason, time.GetUtcNow(),
                Figures(current) + " -> " + Figures(target));
            return Task.FromResult((doc with { Versions = versions, Promotions = [.. doc.Promotions, record] }, promoted));
        }, cancellationToken);

    private static string Figures(ModelVersion? v) => v is null ? "none"
        : v.Regression is { } r ? string.Create(CultureInfo.InvariantCulture, $"v{v.Version} RMSE {r.Rmse:F2}, PHM08 {r.Phm08Score:F0}")
        : string.Create(CultureInfo.InvariantCulture, $"v{v.Version} F1 {v.Metrics.F1:F3}, ROC-AUC {v.Metrics.RocAuc:F3}, PR-AUC {v.Metrics.PrAuc:F3}");

    public Task RecordDecisionAsync(RetrainDecision decision, CancellationToken cancellationToken) =>
        UpdateAsync(doc => Task.FromResult((doc with { Decisions = [.. doc.Decisions, decision] }, 0)), cancellationToken);

    /// <summary>"auto" = the enabled production version; a number = that version if enabled. Null when none.</summary>
    public async Task<ModelVersion?> ResolveAsync(string name, string version, CancellationToken cancellationToken)
    {
        var doc = await DocumentAsync(cancellationToken);
        if (string.Equals(version, Auto, StringComparison.OrdinalIgnoreCase))
        {
            return doc.Versions.FirstOrDefault(v => v.Name == name && v.Stage == ModelStage.Production && v.Enabled);
        }

        return int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? doc.Versions.FirstOrDefault(v => v.Name == name && v.Version == number && v.Enabled)
            : null;
    }

    /// <summary>Reads the artifact and refuses it unless its SHA-256 is the registered one.</summary>
    public async Task<TrainedModel> LoadAsync(ModelVersion version, CancellationToken cancellationToken) =>
        TrainedModel.FromBytes(await LoadBytesAsync(version, cancellationToken));

    /// <summary>The verified bytes of an artifact, whatever model it holds.</summary>
    public async Task<byte[]> LoadBytesAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        var bytes = await artifacts.GetAsync(version.ArtifactUri, cancellationToken);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(sha, version.ArtifactSha256, StringComparison.Ordinal))
        {
            throw new ArtifactIntegrityException(
                $"artifact of model '{version.Name}' version {version.Version} at {version.ArtifactUri} has SHA-256 {sha}, "
                + $"registered {version.ArtifactSha256}: refusing to load a modified artifact.");
        }

        return bytes;
    }

    private static ModelVersion Find(RegistryDocument doc, string name, int version) =>
        doc.Versions.FirstOrDefault(v => v.Name == name && v.Version == version)
        ?? throw new ModelNotFoundException($"model '{name}' has no version {version}.");

    private async Task<RegistryDocument> DocumentAsync(CancellationToken cancellationToken)
    {
        if (_document is { } doc)
        {
            return doc;
        }

        await _lock.WaitAsync(cancellationToken);
        try
        {
            return _document ??= await store.ReadAsync(cancellationToken);
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task<T> UpdateAsync<T>(Func<RegistryDocument, Task<(RegistryDocument, T)>> change, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        T result;
        try
        {
            var current = _document ??= await store.ReadAsync(cancellationToken);
            var (next, value) = await change(current);
            await store.WriteAsync(next, cancellationToken);
            _document = next;
            result = value;
        }
        finally
        {
            _lock.Release();
        }

        Changed?.Invoke();
        return result;
    }
}
