using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SmartMaintenance.EdgeBroker.Forwarding;
using SmartMaintenance.EdgeBroker.Observability;
using SmartMaintenance.EdgeBroker.Outbox;

namespace SmartMaintenance.EdgeBroker.Tests.Forwarding;

/// <summary>Lanes settle out of order; the outbox's resume point only passes a record once it and all before it are settled.</summary>
public sealed class AckWindowTests : IDisposable
{
    private readonly string _directory = SmartMaintenance.TestSupport.TempFolders.Create("sm-window-");
    private readonly BrokerMetrics _metrics = new();

    private DurableOutbox Open() =>
        new(Options.Create(new OutboxOptions { Directory = _directory, SegmentBytes = 4096, MaxBytes = 1024 * 1024 }), _metrics, NullLogger<DurableOutbox>.Instance);

    private static async Task<List<OutboxEntry>> AppendAndReadAsync(DurableOutbox outbox, int count)
    {
        var durable = new List<Task>();
        for (var i = 0; i < count; i++)
        {
            durable.Add(await outbox.AppendAsync(Encoding.UTF8.GetBytes($"record-{i:D3}"), CancellationToken.None));
        }

        await Task.WhenAll(durable);
        var entries = new List<OutboxEntry>();
        while (outbox.Read(entries, 100) > 0)
        {
        }

        return entries;
    }

    [Fact]
    public async Task Settle_LaterRecordsFirst_AcknowledgesNothingUntilTheEarlierOnesAreSettled()
    {
        using var outbox = Open();
        var window = new AckWindow(outbox, _metrics, capacity: 16);
        var places = (await AppendAndReadAsync(outbox, 10)).Select(window.Add).ToList();

        window.Settle(places[5..]);

        Assert.Equal(10, outbox.Pending);
        Assert.Equal(6, window.Free);

        window.Settle(places[..5]);

        Assert.Equal(0, outbox.Pending);
        Assert.True(window.IsEmpty);
        Assert.Equal(16, window.Free);
    }

    [Fact]
    public async Task Restart_AfterOutOfOrderSettling_ResumesAtTheFirstUnsettledRecord()
    {
        using (var outbox = Open())
        {
            var window = new AckWindow(outbox, _metrics, capacity: 16);
            var places = (await AppendAndReadAsync(outbox, 10)).Select(window.Add).ToList();

            // Lane A settled 0-2, lane B settled 5-9; 3 and 4 are still on their way when the broker stops.
            window.Settle(places[..3]);
            window.Settle(places[5..]);

            Assert.Equal(7, outbox.Pending);
        }

        using var reopened = Open();
        var again = new List<OutboxEntry>();
        while (reopened.Read(again, 100) > 0)
        {
        }

        // 3 and 4 are not lost; 5-9 are sent once more, which the cloud answers as duplicates.
        Assert.Equal(Enumerable.Range(3, 7).Select(i => $"record-{i:D3}"), again.Select(e => Encoding.UTF8.GetString(e.Payload)));
    }

    [Fact]
    public async Task Add_WindowFull_Throws()
    {
        using var outbox = Open();
        var window = new AckWindow(outbox, _metrics, capacity: 4);
        var entries = await AppendAndReadAsync(outbox, 5);
        foreach (var entry in entries[..4])
        {
            window.Add(entry);
        }

        Assert.Equal(0, window.Free);
        Assert.Throws<InvalidOperationException>(() => window.Add(entries[4]));
    }

    /// <summary>xunit disposes the instance after each test, also a failing one; a file still held is retried at exit.</summary>
    public void Dispose() => SmartMaintenance.TestSupport.TempFolders.Delete(_directory);
}
