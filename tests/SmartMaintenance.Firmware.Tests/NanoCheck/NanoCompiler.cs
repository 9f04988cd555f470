using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SmartMaintenance.Firmware.Tests.Hardware;

namespace SmartMaintenance.Firmware.Tests.NanoCheck;

/// <summary>
/// Compiles firmware sources the way firmware/nano-check does, in memory with Roslyn: no standard library but
/// nanoFramework.CoreLibrary 1.17.11's mscorlib.dll (copied next to the tests, never loaded), C# 9, plus the
/// declared API surface compiled from firmware/nano-check/NanoApi*. Lets a test reintroduce an error into a
/// copy of one file and see what Visual Studio's nanoFramework build would say.
/// </summary>
internal static class NanoCompiler
{
    private static readonly CSharpParseOptions Parse = new(LanguageVersion.CSharp9);
    private static readonly Lazy<MetadataReference[]> Surface = new(BuildSurface);

    public static string MscorlibPath => Path.Combine(AppContext.BaseDirectory, "nano", "mscorlib.dll");

    /// <summary>The device layer, core and wire contract; <paramref name="replace"/> edits one file's text first.</summary>
    public static ImmutableArray<Diagnostic> CompileDevice(string? file = null, Func<string, string>? replace = null)
    {
        var sources = new List<(string Path, string Text)>();
        foreach (var path in DeviceSources())
        {
            var text = File.ReadAllText(path);
            if (file is not null && path.EndsWith(file, StringComparison.Ordinal))
            {
                var edited = replace!(text);
                Assert.NotEqual(text, edited);   // the edit must have found its target
                text = edited;
            }

            sources.Add((path, text));
        }

        return Compile("SmartMaintenance.Firmware", sources, [Mscorlib(), .. Surface.Value]).GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
    }

    /// <summary>Program.cs, BoardConfig.cs and Adapters/ as the .nfproj compiles them, with the core and the wire contract.</summary>
    public static IEnumerable<string> DeviceSources()
    {
        var device = RepoFiles.Path("firmware", "SmartMaintenance.Firmware");
        return new[] { Path.Combine(device, "Program.cs"), Path.Combine(device, "BoardConfig.cs") }
            .Concat(Directory.GetFiles(Path.Combine(device, "Adapters"), "*.cs"))
            .Concat(CoreSources());
    }

    public static IEnumerable<string> CoreSources()
    {
        var core = Directory.GetFiles(RepoFiles.Path("firmware", "SmartMaintenance.Firmware.Core"), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
        // The wire contract's shared project lists its files explicitly: take exactly those.
        var wireDir = RepoFiles.Path("shared-contracts", "SmartMaintenance.Contracts.Wire");
        var projitems = File.ReadAllText(Path.Combine(wireDir, "SmartMaintenance.Contracts.Wire.projitems"));
        var wire = Regex.Matches(projitems, @"\$\(MSBuildThisFileDirectory\)([\w.]+\.cs)").Select(m => Path.Combine(wireDir, m.Groups[1].Value));
        return core.Concat(wire);
    }

    private static MetadataReference Mscorlib()
    {
        Assert.True(File.Exists(MscorlibPath), $"nanoFramework mscorlib not found at {MscorlibPath}");
        return MetadataReference.CreateFromFile(MscorlibPath);
    }

    private static MetadataReference[] BuildSurface()
    {
        var text = Emit("nanoFramework.System.Text", SurfaceSources("NanoApi.Text"), [Mscorlib()]);
        var api = Emit("SmartMaintenance.NanoApi", SurfaceSources("NanoApi"), [Mscorlib(), text]);
        return [text, api];
    }

    private static List<(string, string)> SurfaceSources(string project) =>
        Directory.GetFiles(RepoFiles.Path("firmware", "nano-check", project), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(p => (p, File.ReadAllText(p))).ToList();

    private static MetadataReference Emit(string name, List<(string, string)> sources, MetadataReference[] references)
    {
        var compilation = Compile(name, sources, references);
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return MetadataReference.CreateFromImage(stream.ToArray());
    }

    private static CSharpCompilation Compile(string name, List<(string Path, string Text)> sources, MetadataReference[] references) =>
        CSharpCompilation.Create(name,
            sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, Parse, s.Path)),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
}
