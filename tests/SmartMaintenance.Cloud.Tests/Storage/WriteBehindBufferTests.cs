using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SmartMaintenance.Cloud.Storage;
using SmartMaintenance.Cloud.Storage.WriteBehind;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Tests.Storage;

/// <summary>The flush policy of the write-behind buffer, with a recording writer and a fake clock (no sleeps).</summary>
public sealed class WriteBehindBufferTests
{
    private sealed class RecordingWriter : IReadingWriter
    {
        public List<int> Flushes { get; } = [];
        public Exception? Fail { get; set; }
        private long _nextId;

        public Task<AppendResult[]> WriteAsync(IReadOnlyList<NewReading> rows, CancellationToken cancellationToken)
        {
            lock (Flushes)
            {
                Flushes.Add(rows.Count);
            }

            if (Fail is not null)
            {
                throw Fail;
            }

            return Task.FromResult(rows.Select(_ => new AppendResult(Interlocked.Increment(ref _nextId), false)).ToArray());
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private static WriteBehindBuffer Buffer(RecordingWriter writer, TimeProvider time, int maxRows, TimeSpan interval) =>
        new(writer, new StorageOptions { MaxBatchRows = maxRows, FlushInterval = interval, MaxQueuedAppends = 1000 }, time, new StorageMetrics(),
            NullLogger.Instance);

    private static List<NewReading> Rows(int n) => Enumerable.Range(0, n).Select(i => ReadingStoreContractTests.Reading(value: i)).ToList();

    [Fact]
    public async Task EnqueueAsync_BatchReachesMaxRows_FlushedWithoutWaitingForTheInterval()
    {
        var writer = new RecordingWriter();
        await using var buffer = Buffer(writer, new FakeTimeProvider(), maxRows: 10, interval: TimeSpan.FromHours(1));

        var results = await buffer.EnqueueAsync(Rows(10), default).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(10, results.Count);
        Assert.Equal([10], writer.Flushes);
    }

    [Fact]
    public async Task EnqueueAsync_SmallBatch_WaitsForTheIntervalThenFlushes()
    {
        var writer = new RecordingWriter();
        var time = new FakeTimeProvider();
        await using var buffer = Buffer(writer, time, maxRows: 1000, interval: TimeSpan.FromMilliseconds(50));

        var pending = buffer.EnqueueAsync(Rows(3), default);
        await Eventually.WaitForAsync(() => Task.FromResult(buffer.QueuedRows), n => n == 3, TimeSpan.FromSeconds(5), "rows queued");
        Assert.False(pending.IsCompleted);
        Assert.Empty(writer.Flushes);

        // Let fake time pass (the writer loop arms its timer asynchronously, so advance until it fires).
        await Eventually.WaitForAsync(() => { time.Advance(TimeSpan.FromMilliseconds(10)); return Task.FromResult(pending.IsCompleted); },
            done => done, TimeSpan.FromSeconds(10), "the interval flush");
        var results = await pending;

        Assert.Equal([1L, 2L, 3L], results.Select(r => r.Id!.Value));
        Assert.Equal([3], writer.Flushes);
    }

    [Fact]
    public async Task EnqueueAsync_CallersInOneFlush_EachGetsItsOwnSliceOfResults()
    {
        var writer = new RecordingWriter();
        var time = new FakeTimeProvider();
        await using var buffer = Buffer(writer, time, maxRows: 1000, interval: TimeSpan.FromMilliseconds(50));

        var a = buffer.EnqueueAsync(Rows(2), default);
        var b = buffer.EnqueueAsync(Rows(3), default);
        await Eventually.WaitForAsync(() => Task.FromResult(buffer.QueuedRows), n => n == 5, TimeSpan.FromSeconds(5), "rows queued");
        await Eventually.WaitForAsync(() => { time.Advance(TimeSpan.FromMilliseconds(10)); return Task.FromResult(b.IsCompleted); },
            done => done, TimeSpan.FromSeconds(10), "the interval flush");

        Assert.Equal([1L, 2L], (await a.WaitAsync(TimeSpan.FromSeconds(10))).Select(r => r.Id!.Value));
        Assert.Equal([3L, 4L, 5L], (await b.WaitAsync(TimeSpan.FromSeconds(10))).Select(r => r.Id!.Value));
        Assert.Equal([5], writer.Flushes);
    }

    [Fact]
    public async Task EnqueueAsync_WriterFails_EveryCallerOfThatFlushSeesTheError()
    {
        var writer = new RecordingWriter { Fail = new InvalidOperationException("database down") };
        await using var buffer = Buffer(writer, TimeProvider.System, maxRows: 5, interval: TimeSpan.Zero);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => buffer.EnqueueAsync(Rows(5), default));

        Assert.Equal("database down", error.Message);
        Assert.Equal(0, buffer.QueuedRows);
    }
}
