using SmartMaintenance.Cloud.Agents.Acquisition;
using SmartMaintenance.Cloud.Agents.AnomalyDetection;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Agents.Tests.HostApi;

/// <summary>
/// The host's rebuild port (ReadingStorePorts as IMachineHistory) on the real reading store, SQLite and PostgreSQL: a
/// sensor's history for the validation and drift rebuilds is that sensor's readings of that device only, a device's
/// history for the anomaly rebuild is all of that device's readings; both with an id below the handled one and a
/// timestamp in the window, the newest <c>limit</c> of them, lowest id first.
/// </summary>
public sealed class ReadingHistoryPortTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UtcNow.AddHours(-1);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReadSensor_MixedDevicesAndSensors_LastLimitOfThatSensorBeforeTheIdWithinTheWindow(bool postgres)
    {
        string[] extra = postgres ? [$"--ConnectionStrings:Postgres={await PostgresServer.CreateDatabaseAsync("agents_history")}"] : [];
        await using var cloud = await AgentsCloud.StartAsync(false, extra);
        // 12 readings a second apart, alternating sensors t1/t2 of mill-1, and one of mill-2's t1 at every step.
        var readings = Enumerable.Range(0, 12).SelectMany(i => new[]
        {
            new GeneratedReading("mill-1", i % 2 == 0 ? "t1" : "t2", "temperature", "°C", 50 + i, Start.AddSeconds(i), "history-test"),
            new GeneratedReading("mill-2", "t1", "temperature", "°C", 80 + i, Start.AddSeconds(i), "history-test"),
        }).ToList();
        var ids = await cloud.Get<IReadingWriter>().AppendAsync(readings, CancellationToken.None);
        var history = cloud.Get<IMachineHistory>();
        // mill-1/t1 is stored at steps 0, 2, 4, 6, 8, 10; the handled reading is step 10's, the window starts at step 3.
        var handled = ids[2 * 10];

        var past = await history.ReadSensorAsync("mill-1", "t1", handled, Start.AddSeconds(3), 2, CancellationToken.None);

        Assert.Equal([56.0, 58.0], past.Select(r => r.Value)); // steps 6 and 8: the newest two before 10, not step 4
        Assert.Equal([ids[2 * 6], ids[2 * 8]], past.Select(r => r.ReadingId));
        Assert.All(past, r => Assert.Equal(("mill-1", "t1"), (r.DeviceId, r.SensorId)));
        var all = await history.ReadSensorAsync("mill-1", "t1", handled, Start.AddSeconds(3), 100, CancellationToken.None);
        Assert.Equal([54.0, 56.0, 58.0], all.Select(r => r.Value));
        Assert.Empty(await history.ReadSensorAsync("mill-1", "t1", ids[0], Start.AddSeconds(-10), 100, CancellationToken.None));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReadDevice_MoreRowsInTheWindowThanTheLimit_TheNewestLimitOfThatDeviceBeforeTheId(bool postgres)
    {
        string[] extra = postgres ? [$"--ConnectionStrings:Postgres={await PostgresServer.CreateDatabaseAsync("agents_history")}"] : [];
        await using var cloud = await AgentsCloud.StartAsync(false, extra);
        // 12 readings a second apart, alternating sensors t1/t2 of mill-1, and one of mill-2's t1 at every step.
        var readings = Enumerable.Range(0, 12).SelectMany(i => new[]
        {
            new GeneratedReading("mill-1", i % 2 == 0 ? "t1" : "t2", "temperature", "°C", 50 + i, Start.AddSeconds(i), "history-test"),
            new GeneratedReading("mill-2", "t1", "temperature", "°C", 80 + i, Start.AddSeconds(i), "history-test"),
        }).ToList();
        var ids = await cloud.Get<IReadingWriter>().AppendAsync(readings, CancellationToken.None);
        var history = cloud.Get<IMachineHistory>();
        // The handled reading is mill-1's of step 10; the window starts at step 3, so steps 3 to 9 are mill-1's history.
        var handled = ids[2 * 10];

        var past = await history.ReadDeviceAsync("mill-1", handled, Start.AddSeconds(3), 3, CancellationToken.None);

        // Steps 7, 8 and 9, both sensors: the rows right before the handled one, which the rebuilt incident rule and
        // latest verdicts depend on; not the window's first three (steps 3, 4 and 5).
        Assert.Equal([57.0, 58.0, 59.0], past.Select(r => r.Value));
        Assert.Equal([ids[2 * 7], ids[2 * 8], ids[2 * 9]], past.Select(r => r.ReadingId));
        Assert.Equal(["t2", "t1", "t2"], past.Select(r => r.SensorId));
        Assert.All(past, r => Assert.Equal("mill-1", r.DeviceId));
        var all = await history.ReadDeviceAsync("mill-1", handled, Start.AddSeconds(3), 100, CancellationToken.None);
        Assert.Equal([53.0, 54.0, 55.0, 56.0, 57.0, 58.0, 59.0], all.Select(r => r.Value));
        Assert.Empty(await history.ReadDeviceAsync("mill-1", ids[0], Start.AddSeconds(-10), 100, CancellationToken.None));
    }
}
