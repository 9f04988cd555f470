using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Ml.Artifacts;
using SmartMaintenance.Cloud.Ml.Registry;
using SmartMaintenance.Cloud.Ml.Tests.Support;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Ml.Tests.Artifacts;

/// <summary>Round trips against the real s3rver process; every comparison is by SHA-256 of the bytes.</summary>
public sealed class S3ArtifactStoreTests(S3rverFixture s3) : IClassFixture<S3rverFixture>
{
    [Fact]
    public async Task PutGet_FiveMegabyteObject_ComesBackByteForByte()
    {
        using var store = new S3ArtifactStore(s3.Options("big"));
        await store.EnsureBucketAsync(default);
        var content = new byte[5 * 1024 * 1024];
        new Random(42).NextBytes(content);

        var uri = await store.PutAsync("blob/5mb.bin", content, default);
        var back = await store.GetAsync(uri, default);

        Assert.Equal("s3://big/models/blob/5mb.bin", uri);
        Assert.Equal(SHA256.HashData(content), SHA256.HashData(back));
    }

    [Fact]
    public async Task Registry_OnS3_RegistersAndLoadsAVerifiedModel()
    {
        using var store = new S3ArtifactStore(s3.Options("models"));
        await store.EnsureBucketAsync(default);
        using var temp = new TempFolder("sm-ml-");
        var registry = new ModelRegistry(new FileModelRegistryStore(temp.File("registry.json")), store, new FakeTimeProvider());

        var v = await registry.RegisterAsync("m", SmallModel.Model, default);
        var loaded = await registry.LoadAsync(v, default);

        Assert.StartsWith("s3://models/", v.ArtifactUri);
        Assert.Equal(v.ArtifactSha256, Convert.ToHexStringLower(SHA256.HashData(await store.GetAsync(v.ArtifactUri, default))));
        Assert.Equal(SmallModel.Model.Manifest.Threshold, loaded.Manifest.Threshold);
    }

    [Fact]
    public async Task Registry_OnS3_RefusesAnObjectReplacedBehindItsBack()
    {
        using var store = new S3ArtifactStore(s3.Options("tamper"));
        await store.EnsureBucketAsync(default);
        using var temp = new TempFolder("sm-ml-");
        var registry = new ModelRegistry(new FileModelRegistryStore(temp.File("registry.json")), store, new FakeTimeProvider());
        var v = await registry.RegisterAsync("m", SmallModel.Model, default);

        await store.PutAsync("m/1/model.zip", [1, 2, 3], default);

        await Assert.ThrowsAsync<ArtifactIntegrityException>(() => registry.LoadAsync(v, default));
    }

    [Fact]
    public async Task IsReachableAsync_ExistingBucket_IsTrue()
    {
        using var store = new S3ArtifactStore(s3.Options("reach"));
        await store.EnsureBucketAsync(default);

        Assert.True(await store.IsReachableAsync(default));
    }
}
