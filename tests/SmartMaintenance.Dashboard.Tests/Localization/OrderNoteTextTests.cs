using System.Globalization;
using Microsoft.Extensions.Localization;
using SmartMaintenance.Cloud.Agents.Scheduling;
using SmartMaintenance.Cloud.Dashboard.Localization;
using SmartMaintenance.Dashboard.Tests.Resources;

namespace SmartMaintenance.Dashboard.Tests.Localization;

/// <summary>
/// Maintenance order notes, written in English by the scheduling agent, read in Portuguese on the dashboard: every
/// note the real SlotFinder produces is recognised and rewritten from the pt-BR resources.
/// </summary>
public sealed class OrderNoteTextTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly CultureInfo PtBr = new("pt-BR");

    /// <summary>The pt-BR .resx file behind IStringLocalizer, formatted in the pt-BR culture as the page would.</summary>
    private sealed class Portuguese : IStringLocalizer
    {
        public LocalizedString this[string name] => new(name, ResourceFiles.Portuguese[name]);

        public LocalizedString this[string name, params object[] arguments] =>
            new(name, string.Format(PtBr, ResourceFiles.Portuguese[name], arguments));

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }

    private static string InPortuguese(string note)
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = PtBr;
        try
        {
            return OrderNoteText.Localize(note, new Portuguese());
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    public static TheoryData<string, DateTimeOffset?, string> SlotFinderCases() => new()
    {
        { "mechanical", null, "Sem data prevista de falha" },
        { "mechanical", Now.AddMinutes(30), "já passou ou está muito próxima" },
        { "mechanical", Now.AddDays(3), "Antes da falha prevista (04/12/2026" },
        { "hydraulics", Now.AddDays(3), "nenhum técnico tem a especialidade \"hydraulics\"" },
    };

    [Theory]
    [MemberData(nameof(SlotFinderCases))]
    public void Localize_EveryNoteOfTheRealSlotFinder_InPortugueseWithTheDateInPtBr(string skill, DateTimeOffset? predicted, string expected)
    {
        var note = SlotFinder.Find(new SchedulingOptions(), skill, Now, predicted, []).Note;

        var text = InPortuguese(note);

        Assert.NotEqual(note, text);
        Assert.Contains(expected, text);
    }

    [Fact]
    public void Localize_NoFreeSlotNotes_InPortuguese()
    {
        Assert.Contains("nos próximos 14 dias", InPortuguese("unscheduled: no free slot with skill 'electrical' within 14 days"));
        Assert.Contains("antes da falha prevista (02/12/2026",
            InPortuguese($"unscheduled: no free slot with skill 'electrical' before the predicted failure at {Now.AddDays(1):O}"));
    }

    [Fact]
    public void Localize_UnknownText_ShownUnchanged()
    {
        Assert.Equal("set by hand: bearing kit ordered", InPortuguese("set by hand: bearing kit ordered"));
        Assert.Equal("", InPortuguese(""));
    }
}
