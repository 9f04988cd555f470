using SmartMaintenance.Cloud.Dashboard.Localization;

namespace SmartMaintenance.Dashboard.Tests.Localization;

/// <summary>
/// Each sentence the prediction agent can write into a basis (Agents/Prediction/PredictionAgent.cs), in Portuguese
/// with its numbers and times in pt-BR; the sentences are joined as the agent joins them.
/// </summary>
public sealed class BasisTextTests
{
    private static string InPortuguese(string basis) => CultureScope.In("pt-BR", text => BasisText.Localize(basis, text));

    public static TheoryData<string, string> Sentences() => new()
    {
        { "periodic", "verificação de rotina" },
        { "anomaly High score 0.71", "anomalia de gravidade alta, pontuação 0,71" },
        { "no failure threshold for vibration", "não há limite de falha configurado para vibration" },
        { "no failure threshold for vibration in g (the threshold is in mm/s)", "não há limite de falha para vibration em g (o limite está configurado em mm/s)" },
        { "already at 96.5 C >= threshold 90 C", "já está em 96,5 C, no limite de 90 C ou acima dele" },
        { "Holt trend 1.25/h reaches 90 at 2026-12-04T10:00:00.0000000+00:00", "a tendência de 1,25/h chega a 90 em 04/12/2026 10:00 UTC" },
        { "Holt trend 0.5/h would reach 90 at 2026-12-04T10:00:00.0000000+00:00, not used: too few readings to confirm a trend",
            "a tendência de 0,5/h chegaria a 90 em 04/12/2026 10:00 UTC, mas não foi usada: poucas leituras para confirmar a tendência" },
        { "Holt trend 0.5/h would reach 90 at 2026-12-04T10:00:00.0000000+00:00, not used: the slope of the last readings is not significant toward it (t = 1.3 < 3)",
            "mas não foi usada: as últimas leituras não caminham claramente para lá (t = 1,3 < 3)" },
        { "Holt trend 0.5/h would reach 90 at 2026-12-04T10:00:00.0000000+00:00, not used: 50.5 h ahead is more than 4 x the 0.25 h observed",
            "mas não foi usada: 50,5 h à frente é mais de 4 vezes as 0,25 h observadas" },
        { "Holt trend 3.8E+03/h would reach 110 at 2026-12-04T10:00:00.0000000+00:00, not used: too few readings to confirm a trend",
            "a tendência de 3.800/h chegaria a 110" },
        { "trend does not reach the failure threshold", "a tendência não chega ao limite de falha" },
        { "model inputs missing: process-temp, air-temp (in F, not convertible to K)", "faltam entradas do modelo: process-temp, air-temp (em F, sem conversão para K)" },
        { "no production model", "nenhum modelo em produção" },
        { "model ai4i-failure v3: p=0.123 mode HDF", "modelo ai4i-failure v3: probabilidade de falha de 12,3%, modo falha de dissipação de calor" },
        { "model ai4i-failure v3: p=0.010 mode -", "modo —" },
    };

    [Theory]
    [MemberData(nameof(Sentences))]
    public void Localize_EachSentenceOfThePredictionAgent_InPortuguese(string sentence, string expected)
    {
        var text = InPortuguese(sentence);

        Assert.NotEqual(sentence, text);
        Assert.Contains(expected, text);
    }

    [Fact]
    public void Localize_SentencesJoinedBySemicolons_EachTranslatedUnknownKept()
    {
        Assert.Equal("verificação de rotina; set by hand; nenhum modelo em produção", InPortuguese("periodic; set by hand; no production model"));
    }
}
