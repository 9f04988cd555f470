using SmartMaintenance.Cloud.Devices;
using SmartMaintenance.Cloud.Security;
using SmartMaintenance.Cloud.Storage;
using SmartMaintenance.Cloud.Storage.DeadLetters;
using SmartMaintenance.Contracts;

namespace SmartMaintenance.Cloud.Tests.Storage;

/// <summary>Devices, configurations, API keys and dead letters: the same behaviour on both engines.</summary>
public abstract class RegistryContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    protected abstract StorageEngine Engine { get; }

    private StorageHarness Store { get; set; } = null!;

    public async Task InitializeAsync() => Store = await StorageHarness.StartAsync(Engine);

    public async Task DisposeAsync() => await Store.DisposeAsync();

    private static DeviceRecord Device(string id = "dev-1") =>
        new(id, "plant-1", "Lathe", "pbkdf2-sha256$1$c2FsdA==$aGFzaA==", [new DeviceSensor("air-temp", "temperature", "K")],
            true, false, null, T0, null);

    [Fact]
    public async Task CreateAsync_NewAndTakenId_StoresOnceAndRefusesTheSecond()
    {
        Assert.True(await Store.Devices.CreateAsync(Device(), default));
        Assert.False(await Store.Devices.CreateAsync(Device() with { Site = "elsewhere" }, default));

        var d = await Store.Devices.GetAsync("dev-1", default);
        Assert.NotNull(d);
        Assert.Equal(("plant-1", "Lathe", true, false), (d.Site, d.DisplayName, d.Enabled, d.Online));
        Assert.Equal("air-temp", d.Sensors.Single().SensorId);
        Assert.Equal(T0, d.CreatedAt);
    }

    [Fact]
    public async Task SetEnabledAsync_KnownAndUnknownDevice_TogglesOrReportsMissing()
    {
        await Store.Devices.CreateAsync(Device(), default);

        Assert.True(await Store.Devices.SetEnabledAsync("dev-1", false, default));
        Assert.False((await Store.Devices.GetAsync("dev-1", default))!.Enabled);
        Assert.False(await Store.Devices.SetEnabledAsync("nope", false, default));
    }

    [Fact]
    public async Task PutConfigAsync_Twice_VersionsIncreaseAndStaleExpectedVersionIsRefused()
    {
        await Store.Devices.CreateAsync(Device(), default);

        var (s1, c1) = await Store.Devices.PutConfigAsync("dev-1", new DeviceConfig { ZThreshold = 3 }, null, T0, default);
        var (s2, c2) = await Store.Devices.PutConfigAsync("dev-1", new DeviceConfig { ZThreshold = 4 }, 1, T0, default);
        var (s3, _) = await Store.Devices.PutConfigAsync("dev-1", new DeviceConfig { ZThreshold = 5 }, 1, T0, default);
        var (s4, _) = await Store.Devices.PutConfigAsync("nope", new DeviceConfig(), null, T0, default);

        Assert.Equal((ConfigUpdateStatus.Updated, 1L), (s1, c1!.Version));
        Assert.Equal((ConfigUpdateStatus.Updated, 2L), (s2, c2!.Version));
        Assert.Equal(ConfigUpdateStatus.VersionMismatch, s3);
        Assert.Equal(ConfigUpdateStatus.DeviceNotFound, s4);
        var stored = (await Store.Devices.GetAsync("dev-1", default))!.Config!;
        Assert.Equal((2L, 4.0), (stored.Desired.Version, stored.Desired.ZThreshold!.Value));
    }

    [Fact]
    public async Task ApplyEventAsync_OnlineThenOlderOffline_NewerStateWins()
    {
        await Store.Devices.CreateAsync(Device(), default);

        Assert.True(await Store.Devices.ApplyEventAsync(new DeviceEvent { DeviceId = "dev-1", Kind = DeviceEventKinds.Online, At = T0.AddMinutes(2) }, default));
        Assert.True(await Store.Devices.ApplyEventAsync(new DeviceEvent { DeviceId = "dev-1", Kind = DeviceEventKinds.Offline, At = T0.AddMinutes(1) }, default));
        Assert.False(await Store.Devices.ApplyEventAsync(new DeviceEvent { DeviceId = "ghost", Kind = DeviceEventKinds.Online, At = T0 }, default));

        var d = (await Store.Devices.GetAsync("dev-1", default))!;
        Assert.True(d.Online);
        Assert.Equal(T0.AddMinutes(2), d.LastSeen);
    }

    [Fact]
    public async Task ApplyEventAsync_ConfigAck_RecordedBesideTheDesiredVersion()
    {
        await Store.Devices.CreateAsync(Device(), default);
        await Store.Devices.PutConfigAsync("dev-1", new DeviceConfig { SamplePeriodMs = 500 }, null, T0, default);

        await Store.Devices.ApplyEventAsync(new DeviceEvent
        {
            DeviceId = "dev-1", Kind = DeviceEventKinds.ConfigAck, At = T0.AddSeconds(3), ConfigVersion = 1, Applied = false, Error = "period too short",
        }, default);

        var c = (await Store.Devices.GetAsync("dev-1", default))!.Config!;
        Assert.Equal((1L, false, "period too short", T0.AddSeconds(3)), (c.AckVersion!.Value, c.AckApplied!.Value, c.AckError, c.AckAt!.Value));
    }

    [Fact]
    public async Task ApiKeys_CreateFindRevoke_OnlyActiveKeysAreFound()
    {
        var key = new ApiKeyRecord("id-1", "reader", ApiKeyHasher.Hash("smk_secret"), [ApiScopes.Read, ApiScopes.Ingest], T0, null);
        Assert.True(await Store.ApiKeys.CreateAsync(key, default));
        Assert.False(await Store.ApiKeys.CreateAsync(key with { Id = "id-2", KeyHash = "other" }, default)); // same name

        var found = await Store.ApiKeys.FindActiveAsync(ApiKeyHasher.Hash("smk_secret"), default);
        Assert.Equal(["read", "ingest"], found!.Scopes);
        Assert.True(await Store.ApiKeys.RevokeAsync("id-1", T0, default));
        Assert.Null(await Store.ApiKeys.FindActiveAsync(ApiKeyHasher.Hash("smk_secret"), default));
        Assert.Equal(T0, (await Store.ApiKeys.ListAsync(default)).Single().RevokedAt);
    }

    [Fact]
    public async Task DeadLetters_Added_ListedNewestFirstWithReason()
    {
        await Store.DeadLetters.AddAsync([new DeadLetter(T0, "batch", "value must be finite", "{}")], default);
        await Store.DeadLetters.AddAsync([new DeadLetter(T0.AddSeconds(1), "csv", "line 3: value", new string('x', 10_000))], default);

        var letters = await Store.DeadLetters.ListAsync(10, default);

        Assert.Equal(["csv", "batch"], letters.Select(l => l.Source));
        Assert.Equal("value must be finite", letters[1].Reason);
        Assert.Equal(DbDeadLetterStore.MaxPayloadChars, letters[0].Payload!.Length);
    }
}
