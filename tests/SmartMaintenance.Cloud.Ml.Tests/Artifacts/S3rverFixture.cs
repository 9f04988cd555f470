using System.Diagnostics;
using System.Net.Sockets;
using SmartMaintenance.Cloud.Ml.Artifacts;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Ml.Tests.Artifacts;

/// <summary>
/// A real S3-compatible server: s3rver (npm, pinned in s3/package.json + package-lock.json), installed with
/// `npm ci` on first use and started as a node process on a free loopback port with a temp data folder.
/// </summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    private Process? _process;
    private readonly string _data = TempFolders.Create("sm-s3rver-");

    public int Port { get; } = FreePort.Get();

    public S3ArtifactStoreOptions Options(string bucket) => new()
    {
        ServiceUrl = $"http://127.0.0.1:{Port}",
        Bucket = bucket,
        // s3rver's fixed development credentials, not a secret.
        AccessKey = "S3RVER",
        SecretKey = "S3RVER",
    };

    public async Task InitializeAsync()
    {
        var folder = Path.Combine(RepoPaths.Root, "tests", "SmartMaintenance.Cloud.Ml.Tests", "s3");
        var script = Path.Combine(folder, "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
        {
            var install = await ProcessRunner.RunAsync("npm", ["ci", "--no-audit", "--no-fund", "--prefix", folder], TimeSpan.FromMinutes(3));
            Assert.True(install.ExitCode == 0, "npm ci for s3rver failed: " + install.Error);
        }

        var start = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { script, "-d", _data, "-a", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent" })
        {
            start.ArgumentList.Add(a);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("cannot start node for s3rver");
        await Eventually.WaitForAsync(CanConnectAsync, ok => ok, TimeSpan.FromSeconds(20), $"s3rver listening on port {Port}");
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process?.Dispose();
        // A file the killed node process still held is retried when the test process exits.
        TempFolders.Delete(_data);

        return Task.CompletedTask;
    }

    private async Task<bool> CanConnectAsync()
    {
        if (_process is { HasExited: true })
        {
            throw new InvalidOperationException("s3rver exited: " + await _process.StandardError.ReadToEndAsync());
        }

        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
