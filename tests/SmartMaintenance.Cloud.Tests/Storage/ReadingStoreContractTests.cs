using SmartMaintenance.Cloud.Storage;
using SmartMaintenance.Contracts;
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Cloud.Tests.Storage;

/// <summary>
/// The storage contract: every engine must pass all of these (SqliteReadingStoreContractTests,
/// PostgresReadingStoreContractTests run them on a real SQLite file and a real PostgreSQL database).
/// </summary>
public abstract class ReadingStoreContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    protected abstract StorageEngine Engine { get; }

    protected StorageHarness Store { get; private set; } = null!;

    public async Task InitializeAsync() => Store = await StorageHarness.StartAsync(Engine);

    public async Task DisposeAsync() => await Store.DisposeAsync();

    internal static NewReading Reading(string sensor = "s1", double value = 1, DateTimeOffset? at = null, string? device = null,
        long? sequence = null, string type = "temperature", string unit = "K", string? dedup = null) =>
        new(device, sequence, sensor, type, unit, MessageKinds.Reading, value, at ?? T0, T0, $"c-{sensor}-{value}", null,
            dedup ?? (device is not null && sequence is not null ? DedupKeys.ForDevice(device, sequence.Value) : null));

    [Fact]
    public async Task AppendAsync_NewReadings_ReturnsIncreasingIdsInOrder()
    {
        var results = await Store.Readings.AppendAsync([Reading(value: 1), Reading(value: 2), Reading(value: 3)], default);

        Assert.All(results, r => Assert.False(r.Duplicate));
        var ids = results.Select(r => r.Id!.Value).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(3, ids.Distinct().Count());
        var stored = await Store.Readings.QueryAsync(new ReadingQuery(), default);
        Assert.Equal([1.0, 2.0, 3.0], stored.Select(r => r.Value));
        Assert.Equal(ids, stored.Select(r => r.Id));
    }

    [Fact]
    public async Task AppendAsync_SameDeviceSequenceTwice_SecondIsDuplicateAndStoredOnce()
    {
        var first = await Store.Readings.AppendAsync([Reading(device: "dev-1", sequence: 7)], default);
        var second = await Store.Readings.AppendAsync([Reading(device: "dev-1", sequence: 7, value: 99), Reading(device: "dev-1", sequence: 8)], default);

        Assert.False(first[0].Duplicate);
        Assert.True(second[0].Duplicate);
        Assert.Null(second[0].Id);
        Assert.False(second[1].Duplicate);
        var stored = await Store.Readings.QueryAsync(new ReadingQuery(DeviceId: "dev-1"), default);
        Assert.Equal([7L, 8L], stored.Select(r => r.Sequence!.Value));
        Assert.Equal(1, stored[0].Value);
    }

    [Fact]
    public async Task AppendAsync_DuplicateKeysWithinOneCall_OneStoredOneDuplicate()
    {
        var results = await Store.Readings.AppendAsync([Reading(dedup: "k:a"), Reading(dedup: "k:a"), Reading(dedup: "k:b")], default);

        Assert.Equal(1, results.Take(2).Count(r => r.Duplicate));
        Assert.False(results[2].Duplicate);
        Assert.Equal(2, await Store.Readings.CountAsync(new ReadingQuery(), default));
    }

    [Fact]
    public async Task AppendAsync_ConcurrentCallers_EachGetsItsOwnTruthfulResults()
    {
        // 40 callers, each appending 25 readings of its own sensor, half of them replays of a previous call.
        var tasks = Enumerable.Range(0, 40).Select(async caller =>
        {
            var rows = Enumerable.Range(0, 25).Select(i => Reading(sensor: $"s{caller}", value: i, device: $"d{caller}", sequence: i)).ToList();
            var first = await Store.Readings.AppendAsync(rows, default);
            var replay = await Store.Readings.AppendAsync(rows.Take(12).ToList(), default);
            return (caller, first, replay);
        }).ToList();

        foreach (var (caller, first, replay) in await Task.WhenAll(tasks))
        {
            Assert.Equal(25, first.Count);
            Assert.All(first, r => Assert.False(r.Duplicate));
            Assert.All(replay, r => Assert.True(r.Duplicate));
            var stored = await Store.Readings.QueryAsync(new ReadingQuery(SensorId: $"s{caller}", Limit: 1000), default);
            Assert.Equal(first.Select(r => r.Id), stored.Select(r => (long?)r.Id));
        }

        Assert.Equal(1000, await Store.Readings.CountAsync(new ReadingQuery(), default));
    }

    [Fact]
    public async Task QueryAsync_Filters_BySensorTypeDeviceAndHalfOpenTimeRange()
    {
        await Store.Readings.AppendAsync(
        [
            Reading(sensor: "a", at: T0, device: "d1", sequence: 1),
            Reading(sensor: "a", at: T0.AddMinutes(1), device: "d1", sequence: 2),
            Reading(sensor: "a", at: T0.AddMinutes(2), device: "d1", sequence: 3),
            Reading(sensor: "b", at: T0.AddMinutes(1), type: "vibration", unit: "mm/s", device: "d2", sequence: 1),
        ], default);

        Assert.Equal(3, (await Store.Readings.QueryAsync(new ReadingQuery(SensorId: "a"), default)).Count);
        Assert.Equal("b", (await Store.Readings.QueryAsync(new ReadingQuery(SensorType: "vibration"), default)).Single().SensorId);
        Assert.Equal("b", (await Store.Readings.QueryAsync(new ReadingQuery(DeviceId: "d2"), default)).Single().SensorId);
        var window = await Store.Readings.QueryAsync(new ReadingQuery(SensorId: "a", From: T0.AddMinutes(1), To: T0.AddMinutes(2)), default);
        Assert.Equal(T0.AddMinutes(1), window.Single().Timestamp);
        Assert.Equal(2, await Store.Readings.CountAsync(new ReadingQuery(From: T0.AddMinutes(1), To: T0.AddMinutes(2)), default));
    }

    [Fact]
    public async Task QueryAsync_StoredReading_RoundTripsEveryFieldInUtc()
    {
        var at = new DateTimeOffset(2026, 3, 1, 9, 30, 15, 123, TimeSpan.FromHours(-3));
        var row = new NewReading("dev-9", 42, "air-temp", "temperature", "K", MessageKinds.Anomaly, 301.25, at, T0, "corr-1", -3.5, "d:dev-9:42");
        await Store.Readings.AppendAsync([row], default);

        var r = (await Store.Readings.QueryAsync(new ReadingQuery(), default)).Single();
        Assert.Equal(("dev-9", 42L, "air-temp", "temperature", "K", MessageKinds.Anomaly, 301.25, "corr-1", -3.5),
            (r.DeviceId, r.Sequence!.Value, r.SensorId, r.SensorType, r.Unit, r.Kind, r.Value, r.CorrelationId, r.ZScore!.Value));
        Assert.Equal(at.UtcDateTime, r.Timestamp.UtcDateTime);
        Assert.Equal(TimeSpan.Zero, r.Timestamp.Offset);
    }

    /// <summary>
    /// A summary and a deviation as the batch endpoint builds them. The numbers are ones a lossy path would change: a
    /// count past the int range, doubles whose shortest decimal needs 17 digits, the largest double, a subnormal.
    /// </summary>
    internal static (NewReading Summary, NewReading Deviation) SummaryAndDeviation(DateTimeOffset at) => (
        Reading(sensor: "stats-s", value: 301.15000000000003, at: at, device: "dev-st", sequence: 1) with
        {
            Kind = MessageKinds.Summary, SummaryCount = 4_000_000_001, SummaryStd = 1.0 / 3, SummaryMin = 0.1 + 0.2,
            SummaryMax = double.MaxValue,
        },
        Reading(sensor: "stats-s", value: 312.5, at: at.AddSeconds(1), device: "dev-st", sequence: 2) with
        {
            Kind = MessageKinds.Anomaly, ZScore = -4.0000000000000009, BaselineMean = 299.97999999999996, BaselineStd = double.Epsilon,
        });

    [Fact]
    public async Task QueryAsync_SummaryAndDeviation_ReturnEveryDeviceStatisticExactly()
    {
        var (summary, deviation) = SummaryAndDeviation(T0);
        await Store.Readings.AppendAsync([summary, deviation], default);

        var stored = await Store.Readings.QueryAsync(new ReadingQuery(DeviceId: "dev-st"), default);

        Assert.Equal(2, stored.Count);
        Assert.Equal(Expected(summary, stored[0].Id), stored[0]);
        Assert.Equal(Expected(deviation, stored[1].Id), stored[1]);
    }

    [Fact]
    public async Task QueryAsync_PlainReading_StatisticsAreNull()
    {
        await Store.Readings.AppendAsync([Reading(value: 7)], default);

        var r = (await Store.Readings.QueryAsync(new ReadingQuery(), default)).Single();

        Assert.Equal(((long?)null, (double?)null, (double?)null, (double?)null, (double?)null, (double?)null, (double?)null),
            (r.SummaryCount, r.SummaryStd, r.SummaryMin, r.SummaryMax, r.BaselineMean, r.BaselineStd, r.ZScore));
    }

    /// <summary>What the query API must answer for a stored <see cref="NewReading"/>: every field, unchanged.</summary>
    internal static StoredReading Expected(NewReading r, long id) => new()
    {
        Id = id, DeviceId = r.DeviceId, Sequence = r.Sequence, SensorId = r.SensorId, SensorType = r.SensorType, Unit = r.Unit,
        Kind = r.Kind, Value = r.Value, Timestamp = r.Timestamp, ReceivedAt = r.ReceivedAt, CorrelationId = r.CorrelationId,
        ZScore = r.ZScore, SummaryCount = r.SummaryCount, SummaryStd = r.SummaryStd, SummaryMin = r.SummaryMin,
        SummaryMax = r.SummaryMax, BaselineMean = r.BaselineMean, BaselineStd = r.BaselineStd, Stuck = r.Stuck,
    };

    /// <summary>The anomaly a device sends when its filter finds the sensor stuck (wire stk = 1).</summary>
    internal static NewReading StuckAnomaly(DateTimeOffset at, string device = "dev-stk", long sequence = 1) =>
        Reading(sensor: "stk-s", value: 300.5, at: at, device: device, sequence: sequence) with
        {
            Kind = MessageKinds.Anomaly, ZScore = 0, BaselineMean = 300.5, BaselineStd = 0.01, Stuck = true,
        };

    [Fact]
    public async Task QueryAsync_StuckTrueFalseAndAbsent_ReturnedAsStored()
    {
        // One append, so on PostgreSQL all three go through the same COPY, staging table and merge.
        await Store.Readings.AppendAsync([
            StuckAnomaly(T0),
            Reading(sensor: "stk-s", value: 2, at: T0.AddSeconds(1), device: "dev-stk", sequence: 2) with { Stuck = false },
            Reading(sensor: "stk-s", value: 3, at: T0.AddSeconds(2), device: "dev-stk", sequence: 3)], default);

        var stored = await Store.Readings.QueryAsync(new ReadingQuery(DeviceId: "dev-stk"), default);

        Assert.Equal([true, false, null], stored.Select(r => r.Stuck));
    }

    [Fact]
    public async Task QueryAsync_KeysetPagesWhileInserting_EveryReadingSeenExactlyOnce()
    {
        await Store.Readings.AppendAsync(Enumerable.Range(0, 100).Select(i => Reading(value: i)).ToList(), default);
        using var stop = new CancellationTokenSource();
        var inserted = 100;
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 30 && !stop.IsCancellationRequested; i++)
            {
                await Store.Readings.AppendAsync(Enumerable.Range(0, 10).Select(k => Reading(value: 1000 + i * 10 + k)).ToList(), default);
                Interlocked.Add(ref inserted, 10);
            }
        });

        var seen = new List<long>();
        long cursor = 0;
        while (true)
        {
            var page = await Store.Readings.QueryAsync(new ReadingQuery(AfterId: cursor, Limit: 7), default);
            seen.AddRange(page.Select(r => r.Id));
            if (page.Count < 7)
            {
                if (writer.IsCompleted)
                {
                    // One last page after the writer finished, to pick up its final rows.
                    page = await Store.Readings.QueryAsync(new ReadingQuery(AfterId: page.Count > 0 ? page[^1].Id : cursor, Limit: 1000), default);
                    seen.AddRange(page.Select(r => r.Id));
                    break;
                }

                await Task.Yield();
            }

            cursor = seen.Count > 0 ? seen[^1] : 0;
        }

        await writer;
        Assert.Equal(inserted, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(seen.Order(), seen);
    }

    [Fact]
    public async Task AggregateAsync_MinuteBuckets_CountMinMaxAvgPerBucket()
    {
        await Store.Readings.AppendAsync(
        [
            Reading(value: 1, at: T0.AddSeconds(5)),
            Reading(value: 3, at: T0.AddSeconds(50)),
            Reading(value: 10, at: T0.AddMinutes(2).AddSeconds(1)),
            Reading(value: 99, at: T0.AddMinutes(5)), // outside [from, to)
            Reading(sensor: "other", value: 50, at: T0.AddSeconds(5)),
        ], default);

        var buckets = await Store.Readings.AggregateAsync(new AggregateQuery("s1", TimeSpan.FromMinutes(1), T0, T0.AddMinutes(5)), default);

        Assert.Equal(2, buckets.Count);
        Assert.Equal(new ReadingAggregate(T0, 2, 1, 3, 2), buckets[0]);
        Assert.Equal(new ReadingAggregate(T0.AddMinutes(2), 1, 10, 10, 10), buckets[1]);
    }

    [Fact]
    public async Task ListSensorsAsync_AfterAppends_TypeUnitLastValueAndSeenTimes()
    {
        await Store.Readings.AppendAsync([Reading(value: 5, at: T0.AddMinutes(1), device: "d1", sequence: 1)], default);
        await Store.Readings.AppendAsync([Reading(value: 4, at: T0, device: "d1", sequence: 2)], default); // late, older
        await Store.Readings.AppendAsync([Reading(sensor: "v", type: "vibration", unit: "mm/s", value: 0.5)], default);

        var sensors = await Store.Readings.ListSensorsAsync(default);

        Assert.Equal(["s1", "v"], sensors.Select(s => s.SensorId));
        var s1 = sensors[0];
        Assert.Equal(("temperature", "K", "d1", 5.0), (s1.SensorType, s1.Unit, s1.DeviceId, s1.LastValue));
        Assert.Equal(T0, s1.FirstSeen);
        Assert.Equal(T0.AddMinutes(1), s1.LastSeen);
    }

    [Fact]
    public async Task MigrateAsync_OnAnAlreadyMigratedDatabase_ChangesNothingAndKeepsData()
    {
        await Store.Readings.AppendAsync([Reading()], default);

        await using var again = await Store.ReopenAsync();
        Assert.Equal(1, await again.Readings.CountAsync(new ReadingQuery(), default));
        Assert.False(Assert.Single(await again.Readings.AppendAsync([Reading(value: 2)], default)).Duplicate);
    }
}
