using System.Text.RegularExpressions;
using System.Xml.Linq;
using SmartMaintenance.Firmware.Tests.Hardware;

namespace SmartMaintenance.Firmware.Tests.NanoCheck;

/// <summary>packages.config, the .nfproj's HintPaths and the firmware README name the same release set.</summary>
public sealed class PackageSetTests
{
    [Fact]
    public void PackagesConfig_NfprojAndReadme_NameTheSameVersions()
    {
        var config = XDocument.Load(RepoFiles.Path("firmware", "SmartMaintenance.Firmware", "packages.config"))
            .Root!.Elements("package").ToDictionary(p => (string)p.Attribute("id")!, p => (string)p.Attribute("version")!);
        var nfproj = File.ReadAllText(RepoFiles.Path("firmware", "SmartMaintenance.Firmware", "SmartMaintenance.Firmware.nfproj"));
        var hinted = Regex.Matches(nfproj, @"<HintPath>\.\.\\packages\\(nanoFramework\.[A-Za-z0-9.]+?)\.(\d+\.\d+\.\d+)\\lib\\")
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value)).Distinct().ToDictionary(p => p.Item1, p => p.Item2);
        var readme = File.ReadAllText(RepoFiles.Path("firmware", "README.md"));
        var listed = Regex.Matches(readme, @"^\| `(nanoFramework\.[A-Za-z0-9.]+)` \| (\d+\.\d+\.\d+) \|", RegexOptions.Multiline)
            .ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);

        Assert.Equal(config.OrderBy(p => p.Key), hinted.OrderBy(p => p.Key));
        Assert.Equal(config.OrderBy(p => p.Key), listed.OrderBy(p => p.Key));
        Assert.Equal("1.17.11", config["nanoFramework.CoreLibrary"]);
        Assert.DoesNotContain("nanoFramework.System.Runtime", config.Keys);   // moved into CoreLibrary 1.16
        Assert.DoesNotContain("nanoFramework.System.Math", config.Keys);   // unused: the core has FloatMath
    }

    [Fact]
    public void NanoCheckProjects_ReferenceTheServedCoreLibraryVersionOfThePackageSet()
    {
        var props = File.ReadAllText(RepoFiles.Path("Directory.Packages.props"));
        var served = Regex.Match(props, "nanoFramework.CoreLibrary\" Version=\"([\\d.]+)\"").Groups[1].Value;
        var config = File.ReadAllText(RepoFiles.Path("firmware", "SmartMaintenance.Firmware", "packages.config"));

        Assert.Contains($"id=\"nanoFramework.CoreLibrary\" version=\"{served}\"", config);
    }

    [Fact]
    public void ApiSurface_EveryFileNamesThePackageAndVersionItMirrors()
    {
        var config = XDocument.Load(RepoFiles.Path("firmware", "SmartMaintenance.Firmware", "packages.config"))
            .Root!.Elements("package").ToDictionary(p => (string)p.Attribute("id")!, p => (string)p.Attribute("version")!);
        var files = Directory.GetFiles(RepoFiles.Path("firmware", "nano-check"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)
                && !f.Contains("NanoCheck", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var header = File.ReadLines(file).First();
            var match = Regex.Match(header, @"^// Mirrors (nanoFramework\.[A-Za-z0-9.]+) (\d+\.\d+\.\d+)");
            Assert.True(match.Success, $"{file}: first line must name the package and version it mirrors");
            Assert.True(config.TryGetValue(match.Groups[1].Value, out var version), $"{file}: {match.Groups[1].Value} is not in packages.config");
            Assert.Equal(version, match.Groups[2].Value);
        }
    }
}
