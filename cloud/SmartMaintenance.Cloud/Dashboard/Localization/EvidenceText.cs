using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;
using SmartMaintenance.Cloud.Agents.Events;

namespace SmartMaintenance.Cloud.Dashboard.Localization;

/// <summary>
/// A detector's evidence in the page's language: the detector's name and its named numbers ("Alerts.Fact." + name,
/// e.g. median, MAD, EWMA) formatted in the request's culture. Evidence stored before it had facts shows its English
/// detail line as it was stored; a fact without a resource is shown by its name.
/// </summary>
public static partial class EvidenceText
{
    public static string Detector(string detector, IStringLocalizer text)
    {
        if (text["Alerts.Detector." + detector] is { ResourceNotFound: false } name)
        {
            return name;
        }

        // The combined detector numbers its context k-NN members by context length and its slow members by block size.
        if (Numbered().Match(detector) is { Success: true } m &&
            text[m.Groups["block"].Success ? "Alerts.Detector.context-knn-block" : "Alerts.Detector.context-knn-length",
                LocalValues.Number(m.Groups["n"].Value, "N0")] is { ResourceNotFound: false } numbered)
        {
            return numbered;
        }

        return detector;
    }

    public static string Details(DetectorEvidence evidence, IStringLocalizer text)
    {
        if (evidence.Facts is null)
        {
            return evidence.Detail;
        }

        var parts = evidence.Facts.Select(f => Fact(f.Key, f.Value, text)).ToList();
        if (evidence.WarmingUp)
        {
            parts.Add(text["Alerts.WarmingUp"]);
        }

        return string.Join(" · ", parts);
    }

    private static string Fact(string name, double value, IStringLocalizer text)
    {
        var shown = value.ToString("G4", CultureInfo.CurrentCulture);
        return text["Alerts.Fact." + name, shown] is { ResourceNotFound: false } label ? label : $"{name} {shown}";
    }

    [GeneratedRegex(@"^context-knn-(?:(?<block>block)-)?(?<n>\d+)$")]
    private static partial Regex Numbered();
}
