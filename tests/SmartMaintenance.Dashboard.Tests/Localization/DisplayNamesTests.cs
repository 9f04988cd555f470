using SmartMaintenance.Cloud.Dashboard.Display;
using SmartMaintenance.Cloud.Dashboard.Localization;

namespace SmartMaintenance.Dashboard.Tests.Localization;

/// <summary>Labels instead of identifiers, and one number of decimals per unit, through the real resources.</summary>
public sealed class DisplayNamesTests
{
    [Theory]
    [InlineData("rotational_speed", "Velocidade de rotação")]
    [InlineData("tool_wear", "Desgaste da ferramenta")]
    [InlineData("oil_level", "Oil level")]
    public void SensorType_Portuguese_LabelOrReadableFallback(string type, string expected) =>
        Assert.Equal(expected, CultureScope.In("pt-BR", text => SensorNames.Label(type, text)));

    [Theory]
    [InlineData("AnomalyDetectionAgent", "Detecção de anomalias")]
    [InlineData("SchedulingAgent", "Agendamento de manutenção")]
    [InlineData("VibrationFftAgent", "Vibration fft")]
    public void Agent_Portuguese_LabelOrReadableFallback(string agent, string expected) =>
        Assert.Equal(expected, CultureScope.In("pt-BR", text => AgentNames.Label(agent, text)));

    [Theory]
    [InlineData(312.449, "K", "312.4\u00a0K")]
    [InlineData(1500.6, "rpm", "1,501\u00a0rpm")]
    [InlineData(40.04, "Nm", "40.0\u00a0Nm")]
    [InlineData(1.2, "A", "1.20\u00a0A")]
    [InlineData(2.345, "mm/s", "2.35\u00a0mm/s")]
    [InlineData(187.4, "min", "187\u00a0min")]
    public void UnitFormat_English_DecimalsByUnit(double value, string unit, string expected) =>
        Assert.Equal(expected, CultureScope.In("en-US", _ => UnitFormat.WithUnit(value, unit)));

    [Fact]
    public void UnitFormat_Portuguese_CommaAndGrouping()
    {
        Assert.Equal("1.501\u00a0rpm", CultureScope.In("pt-BR", _ => UnitFormat.WithUnit(1500.6, "rpm")));
        Assert.Equal("51,1\u00a0°C", CultureScope.In("pt-BR", _ => UnitFormat.WithUnit(51.07, "°C")));
    }

    [Fact]
    public void OrderNote_MovedForHigherPriority_Portuguese() =>
        Assert.Equal("Remanejada para a ordem P1 nº 12. Sem data prevista de falha: próximo horário livre.",
            CultureScope.In("pt-BR", text => OrderNoteText.Localize("moved for P1 order 12; no predicted failure date: next available slot", text)));
}
