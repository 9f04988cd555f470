using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Dashboard.Localization;

namespace SmartMaintenance.Dashboard.Tests.Localization;

/// <summary>Detector evidence on the Alerts page: named facts in the page's language and culture; old rows as stored.</summary>
public sealed class EvidenceTextTests
{
    private static readonly DetectorEvidence Level = new("robust-z", 0.97, 0.5, "statistic=40.12 center=5.1 spread=0.1",
        new Dictionary<string, double> { ["z"] = 40.12, ["median"] = 5.1, ["madSigma"] = 0.1 });

    [Fact]
    public void Details_FactsOnAPtBrPage_PortugueseLabelsAndDecimalCommas()
    {
        Assert.Equal("z = 40,12 · mediana 5,1 · desvio robusto (MAD) 0,1", CultureScope.In("pt-BR", text => EvidenceText.Details(Level, text)));
    }

    [Fact]
    public void Details_FactsOnAnEnglishPage_EnglishLabels()
    {
        Assert.Equal("z = 40.12 · median 5.1 · robust deviation (MAD) 0.1", CultureScope.In("en", text => EvidenceText.Details(Level, text)));
    }

    [Fact]
    public void Details_DetectorWarmingUp_SaysItIsStillLearning()
    {
        var warming = new DetectorEvidence("isolation-forest", 0, 0.5, "statistic=0 center=0 spread=0 warming-up", new Dictionary<string, double>(), true);

        Assert.Equal("ainda aprendendo o que é normal", CultureScope.In("pt-BR", text => EvidenceText.Details(warming, text)));
    }

    [Fact]
    public void Details_RowStoredBeforeFacts_ItsEnglishLineAsStored()
    {
        var old = new DetectorEvidence("robust-z", 0.97, 0.5, "statistic=40 center=5.1 spread=0.1");

        Assert.Equal("statistic=40 center=5.1 spread=0.1", CultureScope.In("pt-BR", text => EvidenceText.Details(old, text)));
    }

    [Theory]
    [InlineData("robust-z-diff", "z robusto (variação)")]
    [InlineData("context-knn-48", "sequência (k-NN, 48 amostras)")]
    [InlineData("context-knn-block-12", "sequência lenta (k-NN, blocos de 12)")]
    [InlineData("a-future-detector", "a-future-detector")]
    public void Detector_NameOnAPtBrPage_PortugueseOrAsWritten(string detector, string expected)
    {
        Assert.Equal(expected, CultureScope.In("pt-BR", text => EvidenceText.Detector(detector, text)));
    }
}
