using SmartMaintenance.Cloud.Ml.Data;
using SmartMaintenance.Cloud.Ml.Tests.Support;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Ml.Tests.Data;

public sealed class Ai4iCsvLoaderTests : IDisposable
{
    private readonly TempFolder _temp = new("sm-ml-");

    [Fact]
    public void Load_PublishedFile_HasTheFactsOfTheAttribution()
    {
        var data = SmallModel.FullData;

        Assert.Equal(10_000, data.Rows.Count);
        Assert.Equal(339, data.Failures);
        Assert.Equal(46, data.Rows.Count(r => r.Twf));
        Assert.Equal(115, data.Rows.Count(r => r.Hdf));
        Assert.Equal(6000, data.Rows.Count(r => r.Reading.Type == 'L'));
        Assert.Equal(Ai4iCsvLoader.ExpectedSha256, data.Sha256);
    }

    [Fact]
    public void Load_OneByteChanged_FailsNamingTheHash()
    {
        var path = CopyWith(bytes => bytes[^3] ^= 1);

        var e = Assert.Throws<Ai4iDataException>(() => Ai4iCsvLoader.Load(path));

        Assert.Contains("SHA-256", e.Message);
    }

    [Fact]
    public void Load_TruncatedFile_FailsOnRowCount()
    {
        var text = File.ReadAllText(Ai4iCsvLoader.DefaultPath);
        var path = _temp.File("short.csv");
        File.WriteAllText(path, string.Join("\r\n", text.Split("\r\n").Take(101)));

        var e = Assert.Throws<Ai4iDataException>(() => Ai4iCsvLoader.Load(path, expectedSha256: null));

        Assert.Contains("100 data rows, expected 10000", e.Message);
    }

    [Fact]
    public void Load_OtherHeader_FailsNamingTheHeader()
    {
        var path = _temp.File("other.csv");
        File.WriteAllText(path, "a,b,c\r\n1,2,3\r\n");

        var e = Assert.Throws<Ai4iDataException>(() => Ai4iCsvLoader.Load(path, expectedSha256: null, expectedRows: null));

        Assert.Contains("header 'a,b,c'", e.Message);
    }

    [Fact]
    public void Load_MissingFile_SaysWhere()
    {
        var e = Assert.Throws<Ai4iDataException>(() => Ai4iCsvLoader.Load("/nonexistent/ai4i.csv"));

        Assert.Contains("/nonexistent/ai4i.csv", e.Message);
    }

    private string CopyWith(Action<byte[]> change)
    {
        var bytes = File.ReadAllBytes(Ai4iCsvLoader.DefaultPath);
        change(bytes);
        var path = _temp.File("ai4i2020.csv");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>xunit disposes the instance after each test, also a failing one.</summary>
    public void Dispose() => _temp.Dispose();
}
