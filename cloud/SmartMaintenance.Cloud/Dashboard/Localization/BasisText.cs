using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;

namespace SmartMaintenance.Cloud.Dashboard.Localization;

/// <summary>
/// A failure prediction's basis in the page's language. The prediction agent writes it in English, as sentences
/// joined by "; " (Agents/Prediction/PredictionAgent.cs: the trigger, the trend's verdict, the model's); each comes
/// from a fixed template, so each is recognised here and rewritten from the resources with its numbers and times in
/// the chosen culture. A sentence that matches no template is kept as written: nothing is hidden.
/// </summary>
public static partial class BasisText
{
    /// <summary>The basis in the page's language; times in the plant's zone when <paramref name="clock"/> is given (else UTC).</summary>
    public static string Localize(string? basis, IStringLocalizer text, Display.PlantTime? clock = null) =>
        string.IsNullOrEmpty(basis) ? "" : string.Join("; ", basis.Split("; ").Select(part => Part(part, text, clock)));

    private static string Part(string part, IStringLocalizer text, Display.PlantTime? clock)
    {
        switch (part)
        {
            case "periodic":
                return text["Basis.Periodic"];
            case "trend does not reach the failure threshold":
                return text["Basis.NoTrend"];
            case "no production model":
                return text["Basis.NoModel"];
        }

        if (Anomaly().Match(part) is { Success: true } anomaly)
        {
            return text["Basis.Anomaly", LocalValues.Named("Alerts.Severity.", anomaly.Groups[1].Value, text), N(anomaly, 2, "N2")];
        }

        if (NoThresholdInUnit().Match(part) is { Success: true } inUnit)
        {
            return text["Basis.NoThresholdInUnit", inUnit.Groups[1].Value, inUnit.Groups[2].Value, inUnit.Groups[3].Value];
        }

        if (NoThreshold().Match(part) is { Success: true } none)
        {
            return text["Basis.NoThreshold", none.Groups[1].Value];
        }

        if (AlreadyAt().Match(part) is { Success: true } at)
        {
            return text["Basis.AlreadyAt", N(at, 1, "G4"), at.Groups[2].Value, N(at, 3, "G4"), at.Groups[4].Value];
        }

        if (TrendNotUsed().Match(part) is { Success: true } unused)
        {
            return text["Basis.TrendNotUsed", LocalValues.Magnitude(unused.Groups[1].Value), N(unused, 2, "G4"), LocalValues.UtcTime(unused.Groups[3].Value, clock),
                Doubt(unused.Groups[4].Value, text)];
        }

        if (TrendReaches().Match(part) is { Success: true } reaches)
        {
            return text["Basis.TrendReaches", LocalValues.Magnitude(reaches.Groups[1].Value), N(reaches, 2, "G4"), LocalValues.UtcTime(reaches.Groups[3].Value, clock)];
        }

        if (InputsMissing().Match(part) is { Success: true } missing)
        {
            var inputs = NotConvertible().Replace(missing.Groups[1].Value,
                m => text["Basis.NotConvertible", m.Groups[1].Value, m.Groups[2].Value]);
            return text["Basis.InputsMissing", inputs];
        }

        if (Model().Match(part) is { Success: true } model)
        {
            var mode = model.Groups[3].Value == "-" ? "—" : LocalValues.Named("Prediction.Mode.", model.Groups[3].Value, text);
            return text["Basis.Model", model.Groups[1].Value, N(model, 2, "P1"), mode];
        }

        return part;
    }

    /// <summary>Why a trend was not trusted (Agents/Prediction/PredictionAgent.Unconfirmed).</summary>
    private static string Doubt(string doubt, IStringLocalizer text)
    {
        if (doubt == "too few readings to confirm a trend")
        {
            return text["Basis.TooFewReadings"];
        }

        if (NotSignificant().Match(doubt) is { Success: true } t)
        {
            return text["Basis.NotSignificant", N(t, 1, "N1"), N(t, 2, "G")];
        }

        return TooFarAhead().Match(doubt) is { Success: true } far
            ? text["Basis.TooFarAhead", N(far, 1, "N1"), N(far, 2, "G"), N(far, 3, "N2")]
            : doubt;
    }

    private static string N(Match m, int group, string format) => LocalValues.Number(m.Groups[group].Value, format);

    [GeneratedRegex(@"^anomaly (\w+) score (\S+)$")]
    private static partial Regex Anomaly();

    [GeneratedRegex(@"^no failure threshold for (.+) in (\S+) \(the threshold is in (\S+)\)$")]
    private static partial Regex NoThresholdInUnit();

    [GeneratedRegex(@"^no failure threshold for (.+)$")]
    private static partial Regex NoThreshold();

    [GeneratedRegex(@"^already at (\S+) (\S+) >= threshold (\S+) (\S+)$")]
    private static partial Regex AlreadyAt();

    [GeneratedRegex(@"^Holt trend (\S+)/h would reach (\S+) at (\S+), not used: (.+)$")]
    private static partial Regex TrendNotUsed();

    [GeneratedRegex(@"^Holt trend (\S+)/h reaches (\S+) at (\S+)$")]
    private static partial Regex TrendReaches();

    [GeneratedRegex(@"^model inputs missing: (.+)$")]
    private static partial Regex InputsMissing();

    [GeneratedRegex(@"\(in (\S+), not convertible to (\S+)\)")]
    private static partial Regex NotConvertible();

    [GeneratedRegex(@"^model (.+): p=(\S+) mode (\S+)$")]
    private static partial Regex Model();

    [GeneratedRegex(@"^the slope of the last readings is not significant toward it \(t = (\S+) < (\S+)\)$")]
    private static partial Regex NotSignificant();

    [GeneratedRegex(@"^(\S+) h ahead is more than (\S+) x the (\S+) h observed$")]
    private static partial Regex TooFarAhead();
}
