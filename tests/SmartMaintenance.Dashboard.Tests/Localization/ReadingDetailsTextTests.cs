using SmartMaintenance.Cloud.Dashboard.Localization;
using SmartMaintenance.Contracts;

namespace SmartMaintenance.Dashboard.Tests.Localization;

/// <summary>The Data Explorer's kind and device-statistics cells, in both languages.</summary>
public sealed class ReadingDetailsTextTests
{
    private static readonly StoredReading Summary = new()
    {
        Kind = "s", Value = 60.25, SummaryCount = 1200, SummaryStd = 0.5, SummaryMin = 58.125, SummaryMax = 1234.5,
    };

    private static readonly StoredReading Deviation = new()
    {
        Kind = "a", Value = 95, ZScore = 7.4567, BaselineMean = 60.1, BaselineStd = 0.75,
    };

    [Fact]
    public void Statistics_SummaryOnAPtBrPage_PortugueseLabelsAndNumbers()
    {
        Assert.Equal("1.200 amostras · desvio-padrão 0,500 · mín. 58,125 · máx. 1.234,500",
            CultureScope.In("pt-BR", text => ReadingDetailsText.Statistics(Summary, text)));
    }

    [Fact]
    public void Statistics_SummaryOnAnEnglishPage_EnglishLabelsAndNumbers()
    {
        Assert.Equal("1,200 samples · std dev 0.500 · min 58.125 · max 1,234.500",
            CultureScope.In("en", text => ReadingDetailsText.Statistics(Summary, text)));
    }

    [Fact]
    public void Statistics_DeviationWithBaseline_ZScoreAndTheDeviceBaseline()
    {
        Assert.Equal("z = 7,46 · referência do dispositivo 60,100 ± 0,750",
            CultureScope.In("pt-BR", text => ReadingDetailsText.Statistics(Deviation, text)));
    }

    [Fact]
    public void Statistics_DeviationWithoutBaseline_ZScoreAlone()
    {
        var bare = Deviation with { BaselineMean = null, BaselineStd = null };

        Assert.Equal("z = 7.46", CultureScope.In("en", text => ReadingDetailsText.Statistics(bare, text)));
    }

    [Fact]
    public void Statistics_DeviceReportedStuck_SaysSo()
    {
        var stuck = Deviation with { Stuck = true };

        Assert.Equal("z = 7,46 · referência do dispositivo 60,100 ± 0,750 · o dispositivo avisou que este sensor travou (sem variação na janela dele)",
            CultureScope.In("pt-BR", text => ReadingDetailsText.Statistics(stuck, text)));
    }

    [Fact]
    public void Statistics_PlainReading_Empty()
    {
        Assert.Equal("", CultureScope.In("pt-BR", text => ReadingDetailsText.Statistics(new StoredReading { Kind = "r", Value = 1 }, text)));
    }

    [Theory]
    [InlineData("r", "Leitura")]
    [InlineData("a", "Desvio")]
    [InlineData("s", "Resumo")]
    [InlineData("x", "x")]
    public void Kind_OnAPtBrPage_PortugueseNameOrAsStored(string kind, string expected)
    {
        Assert.Equal(expected, CultureScope.In("pt-BR", text => ReadingDetailsText.Kind(kind, text)));
    }
}
