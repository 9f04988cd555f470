using System.Text;
using SmartMaintenance.Firmware.Core.Reliability;

namespace SmartMaintenance.Firmware.Tests.Reliability;

public sealed class OutboxTests
{
    private static void Put(Outbox outbox, long sequence)
    {
        var bytes = Encoding.ASCII.GetBytes("m" + sequence);
        outbox.Enqueue(bytes, bytes.Length, sequence);
    }

    private static List<long> Pending(Outbox outbox)
    {
        var list = new List<long>();
        for (var i = 0; outbox.PendingAt(i) >= 0; i++)
        {
            list.Add(outbox.SlotSequence(outbox.PendingAt(i)));
        }

        return list;
    }

    [Fact]
    public void Enqueue_BeyondCapacity_DropsOldestAndCountsThem()
    {
        var outbox = new Outbox(4, 32);

        for (var s = 0; s < 7; s++)
        {
            Put(outbox, s);
        }

        Assert.Equal(4, outbox.Count);
        Assert.Equal(3, outbox.Dropped);
        Assert.Equal([3L, 4, 5, 6], Pending(outbox));
    }

    [Fact]
    public void Enqueue_LargerThanSlot_IsRefusedAndCounted()
    {
        var outbox = new Outbox(4, 8);

        var accepted = outbox.Enqueue(new byte[9], 9, 1);

        Assert.False(accepted);
        Assert.Equal(1, outbox.Oversized);
        Assert.Equal(0, outbox.Count);
    }

    [Fact]
    public void Acknowledge_InFlightEntry_ReleasesOnlyThatEntry()
    {
        var outbox = new Outbox(8, 32);
        for (var s = 0; s < 3; s++)
        {
            Put(outbox, s);
        }

        var first = outbox.NextPending();
        outbox.MarkSent(first, 100);
        var second = outbox.NextPending();
        outbox.MarkSent(second, 101);

        Assert.True(outbox.Acknowledge(101));
        Assert.Equal(3, outbox.Count);   // the unacknowledged head keeps the ring's order
        Assert.True(outbox.Acknowledge(100));
        Assert.Equal(1, outbox.Count);
        Assert.False(outbox.Acknowledge(555));
        Assert.Equal([2L], Pending(outbox));
    }

    [Fact]
    public void RequeueInFlight_AfterDisconnect_ReplaysUnacknowledgedInOriginalOrder()
    {
        var outbox = new Outbox(8, 32);
        for (var s = 10; s < 15; s++)
        {
            Put(outbox, s);
        }

        for (var i = 0; i < 3; i++)
        {
            outbox.MarkSent(outbox.NextPending(), i);
        }

        outbox.Acknowledge(0);

        outbox.RequeueInFlight();

        Assert.Equal(0, outbox.InFlight);
        Assert.Equal([11L, 12, 13, 14], Pending(outbox));
        Assert.Equal("m11", Encoding.ASCII.GetString(outbox.SlotBuffer(outbox.NextPending()), 0, outbox.SlotLength(outbox.NextPending())));
    }
}
