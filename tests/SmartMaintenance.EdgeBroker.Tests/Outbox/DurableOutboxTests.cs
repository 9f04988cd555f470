using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SmartMaintenance.EdgeBroker.Observability;
using SmartMaintenance.EdgeBroker.Outbox;

namespace SmartMaintenance.EdgeBroker.Tests.Outbox;

/// <summary>The outbox on real files in a temp folder: order, restart, torn tails, disk cap.</summary>
public sealed class DurableOutboxTests : IDisposable
{
    private readonly string _directory = SmartMaintenance.TestSupport.TempFolders.Create("sm-outbox-");
    private readonly BrokerMetrics _metrics = new();

    private DurableOutbox Open(long segmentBytes = 4096, long maxBytes = 1024 * 1024) =>
        new(Options.Create(new OutboxOptions { Directory = _directory, SegmentBytes = segmentBytes, MaxBytes = maxBytes }), _metrics, NullLogger<DurableOutbox>.Instance);

    private static async Task AppendAllAsync(DurableOutbox outbox, int from, int count)
    {
        var durable = new List<Task>();
        for (var i = from; i < from + count; i++)
        {
            durable.Add(await outbox.AppendAsync(Encoding.UTF8.GetBytes($"record-{i:D5}"), CancellationToken.None));
        }

        await Task.WhenAll(durable);
    }

    private static List<string> ReadAll(DurableOutbox outbox, List<OutboxEntry>? entries = null)
    {
        entries ??= [];
        while (outbox.Read(entries, 100) > 0)
        {
        }

        return entries.Select(e => Encoding.UTF8.GetString(e.Payload)).ToList();
    }

    [Fact]
    public async Task Read_AfterAppendsAcrossSegments_ReturnsEveryRecordInOrder()
    {
        using var outbox = Open(segmentBytes: 4096);

        await AppendAllAsync(outbox, 0, 1000);

        var read = ReadAll(outbox);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"record-{i:D5}"), read);
        Assert.Equal(1000, outbox.Pending);
        Assert.True(Directory.GetFiles(_directory, "*.seg").Length > 2);
    }

    [Fact]
    public async Task Open_AfterAcknowledgeAndRestart_ResumesAfterTheCursor()
    {
        using (var outbox = Open())
        {
            await AppendAllAsync(outbox, 0, 50);
            var entries = new List<OutboxEntry>();
            outbox.Read(entries, 20);
            outbox.Acknowledge(entries);
        }

        using var reopened = Open();

        Assert.Equal(30, reopened.Pending);
        Assert.Equal(Enumerable.Range(20, 30).Select(i => $"record-{i:D5}"), ReadAll(reopened));
    }

    [Fact]
    public async Task Open_SegmentWithTornTail_CutsItAndKeepsTheValidRecords()
    {
        using (var outbox = Open())
        {
            await AppendAllAsync(outbox, 0, 10);
        }

        // A crash in the middle of a write: half a header and garbage after the last whole record.
        var segment = Directory.GetFiles(_directory, "*.seg").Order().First();
        await File.AppendAllTextAsync(segment, "\u0010\u0000garbage");

        using var reopened = Open();

        Assert.Equal(10, reopened.Pending);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"record-{i:D5}"), ReadAll(reopened));
        await AppendAllAsync(reopened, 10, 1);
        Assert.Equal("record-00010", Assert.Single(ReadAll(reopened)));
    }

    [Fact]
    public async Task Open_CorruptedRecordCrc_StopsBeforeIt()
    {
        using (var outbox = Open())
        {
            await AppendAllAsync(outbox, 0, 3);
        }

        var segment = Directory.GetFiles(_directory, "*.seg").Order().First();
        var bytes = await File.ReadAllBytesAsync(segment);
        bytes[^1] ^= 0xFF;
        await File.WriteAllBytesAsync(segment, bytes);

        using var reopened = Open();

        Assert.Equal(["record-00000", "record-00001"], ReadAll(reopened));
    }

    [Fact]
    public async Task Append_PastTheDiskCap_DropsOldestSegmentsCountsThemAndRaisesTheAlarm()
    {
        using var outbox = Open(segmentBytes: 4096, maxBytes: 16 * 1024);

        await AppendAllAsync(outbox, 0, 3000);

        var onDisk = Directory.GetFiles(_directory, "*.seg").Sum(f => new FileInfo(f).Length);
        Assert.True(onDisk <= 16 * 1024 + 4096, $"{onDisk} bytes on disk");
        Assert.True(_metrics.OutboxDroppedReadings > 0);
        Assert.True(_metrics.OutboxAlarm);
        var read = ReadAll(outbox);
        Assert.Equal(3000, read.Count + _metrics.OutboxDroppedReadings);
        Assert.Equal("record-02999", read[^1]);
        Assert.Equal(read.Order(StringComparer.Ordinal), read);
    }

    [Fact]
    public async Task Acknowledge_Everything_DeletesForwardedSegments()
    {
        using var outbox = Open(segmentBytes: 4096);
        await AppendAllAsync(outbox, 0, 500);
        var entries = new List<OutboxEntry>();
        ReadAll(outbox, entries);

        outbox.Acknowledge(entries);

        Assert.Equal(0, outbox.Pending);
        Assert.Single(Directory.GetFiles(_directory, "*.seg"));
        Assert.Equal(0, _metrics.QueueDepth);
    }

    [Fact]
    public async Task Append_GroupWriteFailsWithATornFrame_FailsThoseAppendsTellsTheirListenerAndKeepsTheLogReadable()
    {
        using (var outbox = Open())
        {
            await AppendAllAsync(outbox, 0, 10);
            var failed = new FailedTags();
            // A full disk in the middle of a write: half a frame reaches the file, then the write fails.
            outbox.BeforeGroupFlush = stream =>
            {
                stream.Write(new byte[] { 0x40, 0, 0, 0, 0xDE, 0xAD });
                throw new IOException("No space left on device (injected)");
            };
            var refused = new List<Task>();
            for (var i = 10; i < 15; i++)
            {
                refused.Add(await outbox.AppendAsync(Encoding.UTF8.GetBytes($"record-{i:D5}"), failed, i, CancellationToken.None));
            }

            foreach (var task in refused)
            {
                await Assert.ThrowsAsync<IOException>(() => task);
            }

            Assert.Equal([10L, 11, 12, 13, 14], failed.Tags.Order());
            Assert.NotNull(outbox.Fault);

            outbox.BeforeGroupFlush = null;
            await AppendAllAsync(outbox, 15, 5);

            Assert.Null(outbox.Fault);
            Assert.Equal(15, outbox.Pending);
            var expected = Enumerable.Range(0, 10).Concat(Enumerable.Range(15, 5)).Select(i => $"record-{i:D5}").ToList();
            Assert.Equal(expected, ReadAll(outbox));
        }

        using var reopened = Open();
        Assert.Equal(Enumerable.Range(0, 10).Concat(Enumerable.Range(15, 5)).Select(i => $"record-{i:D5}"), ReadAll(reopened));
    }

    private sealed class FailedTags : IAppendFailureListener
    {
        public System.Collections.Concurrent.ConcurrentBag<long> Tags { get; } = [];

        public void AppendFailed(long tag) => Tags.Add(tag);
    }

    /// <summary>xunit disposes the instance after each test, also a failing one; a file still held is retried at exit.</summary>
    public void Dispose() => SmartMaintenance.TestSupport.TempFolders.Delete(_directory);
}
