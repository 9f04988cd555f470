using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Notification;
using SmartMaintenance.Cloud.Agents.Orchestration;
using SmartMaintenance.Cloud.Dashboard.Localization;

namespace SmartMaintenance.Dashboard.Tests.Localization;

/// <summary>
/// Golden Path stage details as the tracker and the orchestrator build them (StageDetails), rendered from the real
/// resources: Portuguese with pt-BR numbers and dates on a pt-BR page, English on an English one, and the agent's
/// English sentence whenever the message is one the dashboard does not know.
/// </summary>
public sealed class AgentTextLocalizerTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 8, 0, 0, TimeSpan.Zero);

    private static string Render(string culture, AgentText message) =>
        CultureScope.In(culture, text => AgentTextLocalizer.Localize(message, message.English, text));

    public static TheoryData<string, string> PortugueseCases() => new()
    {
        { nameof(StageDetails.Ingestion), "50 leituras gravadas (40 de base + 10 eventos, o último com um pico)" },
        { nameof(StageDetails.Validation), "1.050 leituras validadas" },
        { nameof(StageDetails.Anomaly), "Anomalia de gravidade crítica, pontuação 0,95; casos parecidos já resolvidos: 2" },
        { nameof(StageDetails.Prediction), "Risco de falha de 83%; anomalia de gravidade crítica, pontuação 0,95; a tendência não chega ao limite de falha; nenhum modelo em produção" },
        { nameof(StageDetails.Scheduling), "Ordem 1.234 programada: Ana Souza, 02/12/2026 08:00 UTC. Antes da falha prevista (04/12/2026 10:00 UTC)." },
        { "Unscheduled", "Ordem 7: sem horário disponível. Não agendada: nenhum técnico tem a especialidade \"hydraulics\"." },
        { nameof(StageDetails.Decision), "Decisão de golden-path-auto: Aprovar — Aprovada automaticamente: demonstração do Golden Path sem operador" },
        { nameof(StageDetails.Report), "Relatório 3 gerado" },
        { nameof(StageDetails.DecisionTimeout), "Ninguém decidiu sobre a ordem 12 em 90,5 s" },
        { nameof(StageDetails.StageTimeout), "A etapa \"2. Validação\" não terminou em 90 s" },
    };

    private static AgentText Sample(string name) => name switch
    {
        nameof(StageDetails.Ingestion) => StageDetails.Ingestion(50, 40, 10),
        nameof(StageDetails.Validation) => StageDetails.Validation(1050),
        nameof(StageDetails.Anomaly) => StageDetails.Anomaly(AnomalySeverity.Critical, 0.953, 2),
        nameof(StageDetails.Prediction) => StageDetails.Prediction(0.83,
            "anomaly Critical score 0.95; trend does not reach the failure threshold; no production model"),
        nameof(StageDetails.Scheduling) => StageDetails.Scheduling(1234, MaintenanceStatus.Scheduled, "Ana Souza", Start,
            $"before predicted failure {Start.AddDays(2).AddHours(2):O}"),
        "Unscheduled" => StageDetails.Scheduling(7, MaintenanceStatus.Unscheduled, null, null, "unscheduled: no technician has the skill 'hydraulics'"),
        nameof(StageDetails.Decision) => StageDetails.Decision(DecisionKind.Approve, GoldenPathTracker.AutoOperator, GoldenPathTracker.AutoReason),
        nameof(StageDetails.Report) => StageDetails.Report(3),
        nameof(StageDetails.DecisionTimeout) => StageDetails.DecisionTimeout(12, TimeSpan.FromSeconds(90.5)),
        nameof(StageDetails.StageTimeout) => StageDetails.StageTimeout("validation", TimeSpan.FromSeconds(90)),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(PortugueseCases))]
    public void Localize_EveryStageDetailOnAPtBrPage_PortugueseWithPtBrNumbersAndDates(string sample, string expected)
    {
        Assert.StartsWith(expected, Render("pt-BR", Sample(sample)));
    }

    [Fact]
    public void Localize_OnAnEnglishPage_EnglishResourceWithEnglishNumbers()
    {
        Assert.Equal("1,050 readings validated", Render("en", StageDetails.Validation(1050)));
        Assert.Equal("Failure risk 83%; anomaly of severity critical, score 0.95",
            Render("en", StageDetails.Prediction(0.83, "anomaly Critical score 0.95")));
    }

    [Fact]
    public void Localize_UnknownCodeOrArgumentsOfAnotherShape_TheAgentsEnglish()
    {
        Assert.Equal("from a newer agent", Render("pt-BR", new AgentText("golden-path.future", ["1"]) { English = "from a newer agent" }));
        Assert.Equal("3 readings validated", Render("pt-BR", new AgentText(StageDetails.Validated, ["3", "extra"]) { English = "3 readings validated" }));
        Assert.Equal("old detail", CultureScope.In("pt-BR", text => AgentTextLocalizer.Localize(null, "old detail", text)));
    }

    [Fact]
    public void Localize_NotificationOnAPtBrPage_TitleAndBodyInPortuguese()
    {
        var reading = new SensorReading(1, "press-1", "t1", "temperature", "C", "reading", 95.5, Start, "corr-1");
        var anomaly = NotificationTexts.Anomaly(new AnomalyDetected(new EventMeta("a1", "press-1", "corr-1", Start), reading, 0.912,
            AnomalySeverity.High, [], []));
        var order = NotificationTexts.Maintenance(new MaintenanceScheduled(new EventMeta("o1", "press-1", "corr-1", Start), 12, "t1",
            MaintenanceStatus.Scheduled, "P1", "Ana", Start, Start.AddHours(1), "no predicted failure date: next available slot"));

        Assert.Equal("Anomalia de gravidade alta em press-1/t1", Render("pt-BR", anomaly.TitleText!));
        Assert.Equal("95,5 C em 02/12/2026 08:00 UTC, pontuação 0,91; nenhum caso parecido já resolvido.", Render("pt-BR", anomaly.BodyText!));
        Assert.Equal("Sensor t1: Ana, de 02/12/2026 08:00 UTC até 09:00 UTC. Sem data prevista de falha: próximo horário livre.",
            Render("pt-BR", order.BodyText!));
    }

    [Fact]
    public void Codes_EveryCodeTheAgentsWrite_HasAShapeHere()
    {
        Assert.Equal(StageDetails.Codes.Concat(NotificationTexts.Codes).Order(), AgentTextLocalizer.Codes.Order());
    }
}
