using System.Xml.Linq;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Dashboard.Tests.Resources;

/// <summary>Reads the dashboard's .resx files from the source tree (the files translators edit).</summary>
public static class ResourceFiles
{
    public static string Folder { get; } = Path.Combine(RepoPaths.Root, "cloud", "SmartMaintenance.Cloud", "Resources");

    public static string ViewsFolder { get; } = Path.Combine(RepoPaths.Root, "cloud", "SmartMaintenance.Cloud", "Dashboard");

    public static IReadOnlyDictionary<string, string> English { get; } = Load("DashboardText.resx");

    public static IReadOnlyDictionary<string, string> Portuguese { get; } = Load("DashboardText.pt-BR.resx");

    public static Dictionary<string, string> Load(string file)
    {
        var doc = XDocument.Load(Path.Combine(Folder, file));
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var data in doc.Root!.Elements("data"))
        {
            var name = (string)data.Attribute("name")!;
            Assert.False(result.ContainsKey(name), $"{file}: key {name} appears twice");
            result[name] = (string?)data.Element("value") ?? "";
        }

        return result;
    }

    /// <summary>The first paragraph of a help text, as the page shows it.</summary>
    public static string FirstParagraph(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Trim();
}
