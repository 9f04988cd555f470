using System.Buffers;
using SmartMaintenance.EdgeBroker.Ingress;

namespace SmartMaintenance.Fuzz;

/// <summary>
/// The broker's ingress for a device publish: size, the device message reader and every check. The payload is offered
/// in one segment and, split where its first byte says, in two (MQTT payloads arrive as multi-segment sequences).
/// </summary>
internal static class BrokerMessageTarget
{
    private static readonly IngressValidator Validator = new(FixedClock.Instance);

    public static void Run(byte[] payload)
    {
        Validator.Validate(new DeviceSequence("dev-1"), new ReadOnlySequence<byte>(payload), out _, out _);
        if (payload.Length > 1)
        {
            var cut = 1 + payload[0] % (payload.Length - 1);
            var first = new Segment(payload.AsMemory(0, cut), 0);
            var last = first.Append(payload.AsMemory(cut));
            Validator.Validate(new DeviceSequence("dev-1"), new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length), out _, out _);
        }
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
