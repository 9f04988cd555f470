using System.Buffers;
using System.Text;
using SmartMaintenance.EdgeBroker.Ingress;

namespace SmartMaintenance.EdgeBroker.Tests.Ingress;

/// <summary>
/// The reader says a payload is verbatim (may be stored as it came) only when any JSON reader sees in it exactly the
/// message it returned; the string tables and the UTF-8 name matching change no message.
/// </summary>
public sealed class DeviceMessageReaderTests
{
    private const string Plain = """{"v":1,"dev":"dev-1","seq":7,"cv":0,"up":10,"sid":"air-temp","st":"temperature","u":"K","k":"r","val":300.5}""";

    private static ReadOnlySequence<byte> Bytes(string json) => new(Encoding.UTF8.GetBytes(json));

    private static (bool Read, bool Verbatim) Read(string json)
    {
        var message = DeviceMessageReader.TryRead(Bytes(json), new DeviceStrings("dev-1"), out var verbatim, out _);
        return (message is not null, verbatim);
    }

    [Fact]
    public void TryRead_KnownFieldsEachOnce_IsVerbatim()
    {
        Assert.Equal((true, true), Read(Plain));
    }

    [Fact]
    public void TryRead_EmptySummaryWithoutValues_IsVerbatim()
    {
        Assert.Equal((true, true), Read("""{"v":1,"dev":"dev-1","seq":7,"cv":0,"sid":"air-temp","st":"temperature","u":"K","k":"s","n":0}"""));
    }

    [Fact]
    public void TryRead_UnknownField_IsReadButNotVerbatim()
    {
        Assert.Equal((true, false), Read(Plain[..^1] + ""","fw":"2.1"}"""));
    }

    [Fact]
    public void TryRead_StuckFlag_IsAKnownFieldAndVerbatim()
    {
        Assert.Equal((true, true), Read(Plain[..^1] + ""","stk":1}"""));
        Assert.True(DeviceMessageReader.TryRead(new System.Buffers.ReadOnlySequence<byte>(System.Text.Encoding.UTF8.GetBytes(Plain[..^1] + ""","stk":1}""")), out _)!.Stuck);
    }

    [Fact]
    public void TryRead_RepeatedField_KeepsLastValueAndIsNotVerbatim()
    {
        var message = DeviceMessageReader.TryRead(Bytes(Plain[..^1] + ""","val":301.5}"""), new DeviceStrings("dev-1"), out var verbatim, out _);

        Assert.Equal(301.5, message!.Value);
        Assert.False(verbatim);
    }

    [Fact]
    public void TryRead_BytesAfterTheObject_IsReadButNotVerbatim()
    {
        Assert.Equal((true, false), Read(Plain + "]"));
    }

    [Fact]
    public void TryRead_TrailingWhitespace_IsVerbatim()
    {
        Assert.Equal((true, true), Read(Plain + " \n"));
    }

    [Fact]
    public void TryRead_EmptySummaryWithZeros_DropsThemAndIsNotVerbatim()
    {
        var message = DeviceMessageReader.TryRead(
            Bytes("""{"v":1,"dev":"dev-1","seq":7,"cv":0,"sid":"air-temp","st":"temperature","u":"K","k":"s","n":0,"val":0,"sd":0,"min":0,"max":0}"""),
            new DeviceStrings("dev-1"), out var verbatim, out _);

        Assert.Null(message!.Value);
        Assert.Null(message.Max);
        Assert.False(verbatim);
    }

    [Fact]
    public void TryRead_EscapedNamesAndValues_ReadsTheSameMessage()
    {
        var escaped = """{"v":1,"d\u0065v":"dev\u002d1","seq":7,"cv":0,"up":10,"sid":"air-temp","st":"temperature","u":"\u004b","k":"r","v\u0061l":300.5}""";

        var message = DeviceMessageReader.TryRead(Bytes(escaped), new DeviceStrings("dev-1"), out var verbatim, out _);

        Assert.Equal(DeviceMessageReader.TryRead(Bytes(Plain), out _), message);
        Assert.True(verbatim);
    }

    [Fact]
    public void TryRead_PayloadInSegmentsSplitInsideTokens_ReadsTheSameMessage()
    {
        var bytes = Encoding.UTF8.GetBytes(Plain);
        // Cuts inside "dev-1", inside the name "sid" and inside "temperature".
        var split = Segments.Of(bytes, Plain.IndexOf("ev-1", StringComparison.Ordinal), Plain.IndexOf("id\"", StringComparison.Ordinal), Plain.IndexOf("perature", StringComparison.Ordinal));

        var message = DeviceMessageReader.TryRead(split, new DeviceStrings("dev-1"), out var verbatim, out _);

        Assert.False(split.IsSingleSegment);
        Assert.Equal(DeviceMessageReader.TryRead(Bytes(Plain), out _), message);
        Assert.True(verbatim);
    }

    [Fact]
    public void TryRead_WithStringTables_ReturnsTheSameStringInstancesForRepeatedValues()
    {
        var strings = new DeviceStrings("dev-1");

        var first = DeviceMessageReader.TryRead(Bytes(Plain), strings, out _, out _)!;
        var second = DeviceMessageReader.TryRead(Bytes(Plain.Replace("\"seq\":7", "\"seq\":8", StringComparison.Ordinal)), strings, out _, out _)!;

        Assert.Same(first.SensorId, second.SensorId);
        Assert.Same(first.DeviceId, second.DeviceId);
        Assert.Equal(first with { Sequence = 8 }, second);
    }

    [Fact]
    public void TryRead_ValueOutsideDoubleRange_IsRefusedWithoutThrowing()
    {
        var message = DeviceMessageReader.TryRead(Bytes(Plain.Replace("300.5", "1e999", StringComparison.Ordinal)), new DeviceStrings("dev-1"), out _, out var error);

        Assert.True(message is null || !double.IsFinite(message.Value!.Value), error);
    }

    /// <summary>A payload as MQTTnet may hand it over: several linked buffers.</summary>
    private sealed class Segments : ReadOnlySequenceSegment<byte>
    {
        private Segments(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public static ReadOnlySequence<byte> Of(byte[] bytes, params int[] cuts)
        {
            var first = new Segments(bytes.AsMemory(0, cuts[0]), 0);
            var last = first;
            for (var i = 0; i < cuts.Length; i++)
            {
                var end = i + 1 < cuts.Length ? cuts[i + 1] : bytes.Length;
                var next = new Segments(bytes.AsMemory(cuts[i], end - cuts[i]), cuts[i]);
                last.Next = next;
                last = next;
            }

            return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
        }
    }
}
