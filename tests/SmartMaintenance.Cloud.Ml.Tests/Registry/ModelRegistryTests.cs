using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Ml.Artifacts;
using SmartMaintenance.Cloud.Ml.Registry;
using SmartMaintenance.Cloud.Ml.Tests.Support;

namespace SmartMaintenance.Cloud.Ml.Tests.Registry;

public sealed class ModelRegistryTests : IDisposable
{
    private readonly string _folder = SmallModel.TempFolder();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));

    private ModelRegistry NewRegistry() =>
        new(new FileModelRegistryStore(Path.Combine(_folder, "registry.json")), new FolderArtifactStore(Path.Combine(_folder, "artifacts")), _time);

    [Fact]
    public async Task RegisterAsync_NewModel_IsStagingVersionOneWithHashAndSchema()
    {
        var v = await NewRegistry().RegisterAsync("m", SmallModel.Model, default);

        Assert.Equal((1, ModelStage.Staging, true), (v.Version, v.Stage, v.Enabled));
        Assert.Equal(_time.GetUtcNow(), v.CreatedUtc);
        Assert.Equal(64, v.ArtifactSha256.Length);
        Assert.StartsWith("file://", v.ArtifactUri);
        Assert.Equal(SmallModel.Data.Sha256, v.DataSha256);
        Assert.Equal(SmallModel.Report.F1.Mean, v.Metrics.F1);
        Assert.Contains("Torque_Nm", v.FeatureSchema);
    }

    [Fact]
    public async Task ResolveAsync_Auto_IsProductionAndFollowsPromotion()
    {
        var registry = NewRegistry();
        await registry.RegisterAsync("m", SmallModel.Model, default);
        await registry.RegisterAsync("m", SmallModel.Model, default);

        Assert.Null(await registry.ResolveAsync("m", "auto", default));
        await registry.PromoteAsync("m", 1, default);
        Assert.Equal(1, (await registry.ResolveAsync("m", "auto", default))!.Version);
        await registry.PromoteAsync("m", 2, default);

        var all = await registry.ListAsync("m", default);
        Assert.Equal([ModelStage.Archived, ModelStage.Production], all.Select(v => v.Stage));
        Assert.Equal(2, (await registry.ResolveAsync("m", "auto", default))!.Version);
        Assert.Equal(1, (await registry.ResolveAsync("m", "1", default))!.Version);
    }

    [Fact]
    public async Task SetEnabledAsync_DisabledVersion_IsNotResolvedAndCannotBePromoted()
    {
        var registry = NewRegistry();
        await registry.RegisterAsync("m", SmallModel.Model, default);
        await registry.PromoteAsync("m", 1, default);
        await registry.RegisterAsync("m", SmallModel.Model, default);

        await registry.SetEnabledAsync("m", 1, false, default);
        await registry.SetEnabledAsync("m", 2, false, default);

        Assert.Null(await registry.ResolveAsync("m", "auto", default));
        Assert.Null(await registry.ResolveAsync("m", "1", default));
        await Assert.ThrowsAsync<ModelLifecycleException>(() => registry.PromoteAsync("m", 2, default));
    }

    [Fact]
    public async Task Registry_ReopenedFromFile_KeepsVersionsAndStages()
    {
        var first = NewRegistry();
        await first.RegisterAsync("m", SmallModel.Model, default);
        await first.PromoteAsync("m", 1, default);

        var reopened = await NewRegistry().ListAsync(null, default);

        Assert.Equal(ModelStage.Production, Assert.Single(reopened).Stage);
    }

    [Fact]
    public async Task PromoteAsync_UnknownVersion_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<ModelNotFoundException>(() => NewRegistry().PromoteAsync("m", 9, default));
    }

    [Fact]
    public async Task LoadAsync_TamperedArtifact_IsRefusedWithClearError()
    {
        var registry = NewRegistry();
        var v = await registry.RegisterAsync("m", SmallModel.Model, default);
        var path = new Uri(v.ArtifactUri).LocalPath;
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[bytes.Length / 2] ^= 0x5A;
        await File.WriteAllBytesAsync(path, bytes);

        var e = await Assert.ThrowsAsync<ArtifactIntegrityException>(() => registry.LoadAsync(v, default));

        Assert.Contains("refusing to load a modified artifact", e.Message);
        Assert.Contains(v.ArtifactSha256, e.Message);
    }

    [Fact]
    public async Task LoadAsync_IntactArtifact_LoadsTheSameModel()
    {
        var registry = NewRegistry();
        var v = await registry.RegisterAsync("m", SmallModel.Model, default);

        var loaded = await registry.LoadAsync(v, default);

        Assert.Equal(SmallModel.Model.Manifest.Threshold, loaded.Manifest.Threshold);
    }

    /// <summary>The registry folder of this test (xunit makes one instance per test).</summary>
    public void Dispose() => SmartMaintenance.TestSupport.TempFolders.Delete(_folder);
}
