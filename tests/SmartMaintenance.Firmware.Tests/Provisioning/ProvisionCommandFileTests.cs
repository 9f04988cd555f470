using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using SmartMaintenance.Firmware.Core.Provisioning;
using SmartMaintenance.Firmware.Tests.Hardware;

namespace SmartMaintenance.Firmware.Tests.Provisioning;

/// <summary>
/// The broker's real `provision --device-config` command (run as the technician runs it) writes a file that
/// the firmware core's parser accepts with the same identity, secret, broker, Wi-Fi and CA.
/// </summary>
public sealed class ProvisionCommandFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sm-provision-").FullName;

    [Fact]
    public void Provision_WithDeviceConfig_WritesAFileTheBoardParsesWithTheIssuedSecret()
    {
        var caPath = Path.Combine(_dir, "ca.pem");
        File.WriteAllText(caPath, SelfSignedPem());
        var boardFile = Path.Combine(_dir, "device.json");

        var (code, stdout, stderr) = Provision("--device", "esp32-0042", "--site", "plant-1", "--file", Path.Combine(_dir, "devices.json"),
            "--device-config", boardFile, "--broker-host", "broker.plant", "--tls", "true", "--ca", caPath,
            "--wifi-ssid", "plant-wifi", "--wifi-password", "pa\"ss\\word 1", "--cloud-url", "https://cloud.plant", "--cloud-key", "ingest-key-1");

        Assert.True(code == 0, stderr);
        var secret = Regex.Match(stdout, @"^secret: (\S+)$", RegexOptions.Multiline).Groups[1].Value;
        Assert.NotEmpty(secret);
        var bytes = File.ReadAllBytes(boardFile);
        var parser = new ProvisioningParser();
        var p = new DeviceProvisioning();
        Assert.True(parser.TryParse(bytes, bytes.Length, p), parser.Error);
        Assert.Equal("esp32-0042", p.DeviceId);
        Assert.Equal(secret, p.Secret);
        Assert.Equal("plant-1", p.Site);
        Assert.Equal("broker.plant", p.BrokerHost);
        Assert.Equal(8883, p.BrokerPort);
        Assert.True(p.Tls);
        Assert.Equal(File.ReadAllText(caPath), p.CaCertificate);
        Assert.Equal("plant-wifi", p.WifiSsid);
        Assert.Equal("pa\"ss\\word 1", p.WifiPassword);
        Assert.Equal("https://cloud.plant", p.CloudUrl);
        Assert.Equal("ingest-key-1", p.CloudApiKey);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(boardFile));
        }
    }

    [Fact]
    public void Provision_TlsWithoutCa_RefusesAndWritesNothing()
    {
        var boardFile = Path.Combine(_dir, "device.json");

        var (code, _, stderr) = Provision("--device", "esp32-0043", "--site", "plant-1", "--file", Path.Combine(_dir, "devices.json"),
            "--device-config", boardFile, "--broker-host", "broker.plant", "--tls", "true", "--wifi-ssid", "plant-wifi");

        Assert.Equal(2, code);
        Assert.Contains("needs --ca", stderr);
        Assert.False(File.Exists(boardFile));
        Assert.False(File.Exists(Path.Combine(_dir, "devices.json")));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (int Code, string Stdout, string Stderr) Provision(params string[] args)
    {
        // The broker built next to this test, in the same configuration (Debug or Release).
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var broker = RepoFiles.Path("edge-broker", "SmartMaintenance.EdgeBroker", "bin", configuration, "net10.0", "SmartMaintenance.EdgeBroker.dll");
        Assert.True(File.Exists(broker), $"broker not built at {broker}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(broker);
        start.ArgumentList.Add("provision");
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("provision did not finish within 120 s");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string SelfSignedPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=SmartMaintenance test CA", key, HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return cert.ExportCertificatePem() + "\n";
    }
}
