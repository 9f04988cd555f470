using Microsoft.CodeAnalysis;

namespace SmartMaintenance.Firmware.Tests.NanoCheck;

/// <summary>
/// Proof that compiling against nanoFramework's API catches what the desktop build missed (issue 14): the
/// device layer compiles clean today, and each of the three errors a technician's Visual Studio reported
/// fails the compile again if it is reintroduced. firmware/nano-check builds the same sources with the same
/// references in SmartMaintenance.sln, so CI fails the same way.
/// </summary>
public sealed class DeviceCompileTests
{
    [Fact]
    public void DeviceLayer_AgainstNanoMscorlibAndTheDeclaredSurface_CompilesWithoutErrors()
    {
        var errors = NanoCompiler.CompileDevice();

        Assert.True(errors.IsEmpty, string.Join("\n", errors));
    }

    [Fact]
    public void DeviceClock_DateTimeWithKindConstructorReintroduced_FailsLikeVisualStudio()
    {
        var errors = NanoCompiler.CompileDevice("DeviceClock.cs",
            t => t.Replace("new DateTime(2024, 1, 1, 0, 0, 0)", "new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc)"));

        // nanoFramework's DateTime has (int x7) but no (int x6, DateTimeKind): argument 7 does not convert.
        Assert.Contains(errors, e => e.Id == "CS1503" && e.Location.SourceTree!.FilePath.EndsWith("DeviceClock.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void HttpClientUplink_DesktopHeadersNamespaceReintroduced_FailsLikeVisualStudio()
    {
        var errors = NanoCompiler.CompileDevice("HttpClientUplink.cs",
            t => t.Replace("new MediaTypeHeaderValue(", "new System.Net.Http.Headers.MediaTypeHeaderValue("));

        Assert.Contains(errors, e => e.Id == "CS0234" && e.GetMessage().Contains("MediaTypeHeaderValue", StringComparison.Ordinal));
    }

    [Fact]
    public void Program_MissingCoreNetworkUsingReintroduced_FailsLikeVisualStudio()
    {
        var errors = NanoCompiler.CompileDevice("Program.cs",
            t => t.Replace("using SmartMaintenance.Firmware.Core.Network;\n", string.Empty).Replace("using SmartMaintenance.Firmware.Core.Network;\r\n", string.Empty));

        Assert.Contains(errors, e => e.Id == "CS0246" && e.GetMessage().Contains("IHttpUplink", StringComparison.Ordinal));
    }

    [Fact]
    public void DeviceLayer_DesktopOnlyApiIntroduced_Fails()
    {
        // A BCL call the device does not have (string.Split with StringSplitOptions) must not slip through.
        var errors = NanoCompiler.CompileDevice("ProvisioningFile.cs",
            t => t.Replace("return parser.TryParse(", "path.Split(new[] { '\\\\' }, StringSplitOptions.RemoveEmptyEntries);\n            return parser.TryParse("));

        Assert.NotEmpty(errors);
    }
}
