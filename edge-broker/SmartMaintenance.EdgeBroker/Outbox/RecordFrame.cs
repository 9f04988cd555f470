using System.Buffers.Binary;
using System.IO.Hashing;

namespace SmartMaintenance.EdgeBroker.Outbox;

/// <summary>
/// On-disk framing of one outbox record: [length: int32 LE][CRC-32 of the payload: uint32 LE][payload].
/// A torn tail after a crash (short header, short payload or CRC mismatch) ends the readable part of a segment.
/// </summary>
internal static class RecordFrame
{
    public const int HeaderBytes = 8;

    /// <summary>Records larger than this are refused when read back: a corrupt length must not allocate gigabytes.</summary>
    public const int MaxPayloadBytes = 1024 * 1024;

    public static void Write(Stream stream, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        BinaryPrimitives.WriteInt32LittleEndian(header, payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], Crc32.HashToUInt32(payload));
        stream.Write(header);
        stream.Write(payload);
    }

    /// <summary>Reads the next record; false at the end of the valid data (clean end or torn tail).</summary>
    public static bool TryRead(Stream stream, out byte[] payload)
    {
        payload = [];
        Span<byte> header = stackalloc byte[HeaderBytes];
        if (stream.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false) < HeaderBytes)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        var crc = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        if (length is < 0 or > MaxPayloadBytes)
        {
            return false;
        }

        var buffer = new byte[length];
        if (stream.ReadAtLeast(buffer, length, throwOnEndOfStream: false) < length || Crc32.HashToUInt32(buffer) != crc)
        {
            return false;
        }

        payload = buffer;
        return true;
    }
}
