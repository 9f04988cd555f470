using SmartMaintenance.Cloud.Dashboard.Localization;

namespace SmartMaintenance.Dashboard.Tests.Localization;

/// <summary>
/// Decision reasons the system writes are shown in the page's language (the demo site's clear here); what people type is
/// shown as typed.
/// </summary>
public sealed class DecisionReasonTextTests
{
    private const string DemoClear = "cleared the demo site: 2 devices, 12345 readings, 3 alerts, 1 incidents, 4 orders, 0 reports";

    [Fact]
    public void DemoClear_Portuguese_CountsInPtBrFormat() =>
        Assert.Equal("Dados de demonstração apagados: 2 dispositivos, 12.345 leituras, 3 alertas, 1 incidentes, 4 ordens e 0 relatórios removidos.",
            CultureScope.In("pt-BR", text => DecisionReasonText.Localize(DemoClear, text)));

    [Fact]
    public void DemoClear_English_SameSentenceAsTheDemoPage() =>
        Assert.Equal("Demo data cleared: 2 devices, 12,345 readings, 3 alerts, 1 incidents, 4 orders and 0 reports removed.",
            CultureScope.In("en-US", text => DecisionReasonText.Localize(DemoClear, text)));

    [Theory]
    [InlineData("cleared the demo site: most of it")]
    [InlineData("Spare pump already on site")]
    public void TypedOrUnknown_ShownAsWritten(string reason) =>
        Assert.Equal(reason, CultureScope.In("pt-BR", text => DecisionReasonText.Localize(reason, text)));
}
