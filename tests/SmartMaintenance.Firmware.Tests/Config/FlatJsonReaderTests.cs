using System.Text;
using SmartMaintenance.Firmware.Core.Config;

namespace SmartMaintenance.Firmware.Tests.Config;

public sealed class FlatJsonReaderTests
{
    private static FlatJsonReader Reader(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new FlatJsonReader(bytes, bytes.Length);
        Assert.True(reader.BeginObject());
        return reader;
    }

    [Fact]
    public void NextItem_ArrayOfStrings_YieldsEachItemThenEnds()
    {
        var reader = Reader("""{"dis": [ "a" , "b-2" ], "zk": 4}""");

        Assert.True(reader.NextProperty());
        Assert.Equal(("dis", FlatJsonReader.KindArray), (reader.PropertyName, reader.ValueKind));
        var items = new List<string>();
        while (reader.NextItem())
        {
            Assert.Equal(FlatJsonReader.KindString, reader.ValueKind);
            items.Add(reader.StringValue);
        }

        Assert.Equal(["a", "b-2"], items);
        Assert.True(reader.NextProperty());
        Assert.Equal(("zk", 4f), (reader.PropertyName, reader.NumberValue));
        Assert.False(reader.NextProperty());
        Assert.False(reader.Failed);
    }

    [Fact]
    public void NextProperty_ArrayNotRead_IsSkipped()
    {
        var reader = Reader("""{"x":[1,"two",true,null],"cfg":3}""");

        Assert.True(reader.NextProperty());
        Assert.True(reader.NextProperty());

        Assert.Equal(("cfg", 3L), (reader.PropertyName, reader.LongValue));
        Assert.False(reader.Failed);
    }

    [Fact]
    public void NextItem_EmptyArray_EndsAtOnce()
    {
        var reader = Reader("""{"dis":[]}""");

        Assert.True(reader.NextProperty());

        Assert.False(reader.NextItem());
        Assert.False(reader.NextProperty());
        Assert.False(reader.Failed);
    }

    [Theory]
    [InlineData("""{"dis":[["a"]]}""")]
    [InlineData("""{"dis":[{"a":1}]}""")]
    [InlineData("""{"dis":["a",]}""")]
    [InlineData("""{"dis":[,"a"]}""")]
    [InlineData("""{"dis":["a" "b"]}""")]
    [InlineData("""{"dis":["a"}""")]
    public void NextProperty_NestedOrMalformedArray_Fails(string json)
    {
        var reader = Reader(json);

        while (reader.NextProperty())
        {
        }

        Assert.True(reader.Failed);
    }
}

public sealed class FlatJsonReaderEscapeTests
{
    [Theory]
    [InlineData("{\"p\":\"a\\\"b\"}", "a\"b")]
    [InlineData("{\"p\":\"back\\\\slash\"}", "back\\slash")]
    [InlineData("{\"p\":\"line\\nbreak\\r\\t/\\/\"}", "line\nbreak\r\t//")]
    [InlineData("{\"p\":\"caf\\u00e9 \\u20AC\"}", "café €")]
    [InlineData("{\"p\":\"plain\"}", "plain")]
    public void NextProperty_EscapedString_IsDecoded(string json, string expected)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);
        var reader = new SmartMaintenance.Firmware.Core.Config.FlatJsonReader(bytes, bytes.Length);

        Assert.True(reader.BeginObject());
        Assert.True(reader.NextProperty());
        Assert.Equal(expected, reader.StringValue);
        Assert.False(reader.NextProperty());
        Assert.False(reader.Failed);
    }

    [Theory]
    [InlineData("{\"p\":\"bad\\x\"}")]
    [InlineData("{\"p\":\"short\\u12\"}")]
    [InlineData("{\"p\":\"open\\\"}")]
    public void NextProperty_MalformedEscape_Fails(string json)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);
        var reader = new SmartMaintenance.Firmware.Core.Config.FlatJsonReader(bytes, bytes.Length);

        Assert.True(reader.BeginObject());
        Assert.False(reader.NextProperty());
        Assert.True(reader.Failed);
    }
}
