using System.Text;
using SmartMaintenance.EdgeBroker.Ingress;

namespace SmartMaintenance.EdgeBroker.Tests.Ingress;

/// <summary>The string tables find exact byte matches only and stay bounded whatever a device sends.</summary>
public sealed class Utf8StringsTests
{
    private static byte[] U(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void Find_ExactBytesOnly_ReturnsTheStoredString()
    {
        var table = Utf8Strings.Fixed(["K", "°C"]);

        Assert.Equal("°C", table.Find(U("°C")));
        Assert.Null(table.Find(U("k")));
        Assert.Null(table.Find(U("KK")));
    }

    [Fact]
    public void Add_FixedTable_LearnsNothing()
    {
        var table = Utf8Strings.Fixed(["dev-1"]);

        table.Add(U("dev-2"), "dev-2");

        Assert.Null(table.Find(U("dev-2")));
    }

    [Fact]
    public void Add_MoreValuesThanCapacity_ForgetsTheOldest()
    {
        var table = Utf8Strings.Learning(4);
        for (var i = 0; i < 5; i++)
        {
            table.Add(U($"s{i}"), $"s{i}");
        }

        Assert.Null(table.Find(U("s0")));
        Assert.All(Enumerable.Range(1, 4), i => Assert.Equal($"s{i}", table.Find(U($"s{i}"))));
    }
}
