using SmartMaintenance.Firmware.Core.Telemetry;

namespace SmartMaintenance.Firmware.Tests.NanoSafety;

/// <summary>
/// nanoFramework rejects generics only in its metadata processor, after a desktop compile succeeded; this reads
/// the compiled core (SmartMaintenance.Firmware.Desktop.dll) and fails on any generic use the device would refuse.
/// </summary>
public sealed class GenericFreeCoreTests
{
    [Fact]
    public void Scan_CompiledFirmwareCore_FindsNoGenericsOrBannedApis()
    {
        var path = typeof(SamplePipeline).Assembly.Location;

        var findings = GenericUsageScanner.Scan(path);

        Assert.True(findings.Count == 0, "nano-unsafe metadata in the core:\n" + string.Join("\n", findings));
    }

    [Fact]
    public void Scan_AssemblyWithGenerics_ReportsEachKind()
    {
        // This test assembly holds GenericSamples on purpose: the scanner must see them.
        var path = typeof(GenericFreeCoreTests).Assembly.Location;

        var findings = GenericUsageScanner.Scan(path);

        Assert.Contains(findings, f => f == "generic type definition Box`1");
        Assert.Contains(findings, f => f.StartsWith("generic method definition") && f.EndsWith("GenericSamples.Echo"));
        Assert.Contains(findings, f => f.StartsWith("generic instantiation in field") && f.EndsWith("GenericSamples.Numbers"));
        Assert.Contains(findings, f => f.StartsWith("generic instantiation in locals of") && f.EndsWith("GenericSamples.UsesNullable"));
        Assert.Contains(findings, f => f.Contains("MethodSpec"));
        Assert.Contains(findings, f => f == "reference to System.Collections.Generic.List`1");
    }
}

/// <summary>Deliberately nano-unsafe code for the scanner's negative test.</summary>
internal static class GenericSamples
{
    public static readonly List<int> Numbers = [1, 2];

    public sealed class Box<T>(T value)
    {
        public T Value { get; } = value;
    }

    public static T Echo<T>(T value) => value;

    public static int UsesNullable(int x)
    {
        int? maybe = x > 0 ? x : null;
        return (maybe ?? 0) + Echo(1);
    }
}
