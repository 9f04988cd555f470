using SmartMaintenance.Cloud.Storage;

namespace SmartMaintenance.Cloud.Tests.Storage;

/// <summary>
/// Several cloud instances on one PostgreSQL database (issue 16): each writes readings through its own write-behind
/// writer, while data acquisition follows the readings by id from a cursor (keyset, id > cursor). Ids must commit in
/// id order across the writers, or the reader passes a lower id committed after a higher one and that reading never
/// enters the pipeline (the scale-out test once saw 105 of 1,440 readings, seven 15-reading batches, never received).
/// </summary>
public sealed class ConcurrentWritersTests
{
    [Fact]
    public async Task AppendAsync_TwoInstancesWritingAtOnce_AReaderFollowingIdsSeesEveryStoredReading()
    {
        await using var first = await StorageHarness.StartAsync(StorageEngine.Postgres);
        await using var second = await first.ReopenAsync();
        const int Batches = 150;
        var writers = new[] { first, second }.Select((instance, w) => Task.Run(async () =>
        {
            for (var b = 0; b < Batches; b++)
            {
                await instance.Readings.AppendAsync(
                    [.. Enumerable.Range(0, 5).Select(i => ReadingStoreContractTests.Reading(sensor: $"w{w}", device: $"dev-{w}", sequence: b * 5 + i, value: b))],
                    CancellationToken.None);
            }
        })).ToArray();

        // The reader, as data acquisition pages: after the cursor, by id, moving the cursor to the last id it saw.
        var seen = new HashSet<long>();
        var cursor = 0L;
        async Task<int> ReadPageAsync()
        {
            var page = await first.Readings.QueryAsync(new ReadingQuery(AfterId: cursor, Limit: 1000), CancellationToken.None);
            foreach (var r in page)
            {
                seen.Add(r.Id);
            }

            cursor = page.Count > 0 ? page[^1].Id : cursor;
            return page.Count;
        }

        while (!writers.All(w => w.IsCompleted))
        {
            await ReadPageAsync();
        }

        await Task.WhenAll(writers);
        while (await ReadPageAsync() > 0)
        {
        }

        var stored = await first.Readings.CountAsync(new ReadingQuery(), CancellationToken.None);
        Assert.Equal(2 * Batches * 5, stored);
        Assert.Equal(stored, seen.Count);
    }
}
