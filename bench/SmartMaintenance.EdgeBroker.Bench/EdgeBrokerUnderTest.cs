using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using SmartMaintenance.Contracts;

namespace SmartMaintenance.EdgeBroker.Bench;

/// <summary>
/// Our broker as its own process (Release build), with everything on: device auth, ACL, ingress validation and
/// the durable outbox (fsync policy Always, PUBACK after fsync). Devices are written with PBKDF2 at 1,000
/// iterations instead of 100,000 so provisioning 1,000 bench devices takes seconds; steady-state publishing is
/// unaffected (a verified secret is cached), only the first login per device is cheaper. The end-to-end bench
/// starts it too, against the real cloud, with its own API key and extra Broker:* settings.
/// </summary>
public sealed class EdgeBrokerUnderTest : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly int _httpPort;

    private EdgeBrokerUnderTest(Process process, string directory, int port, int httpPort, Dictionary<int, string> secrets)
    {
        _process = process;
        _directory = directory;
        _httpPort = httpPort;
        Target = new BrokerTarget("edge-broker", port, i => ($"dev-{i}", $"dev-{i}", secrets[i]));
    }

    public BrokerTarget Target { get; }
    public int ProcessId => _process.Id;

    public const string SinkApiKey = "bench-key-0123456789abcdef";

    public static async Task<EdgeBrokerUnderTest> StartAsync(string cloudUrl, int devices, string fsync,
        string apiKey = SinkApiKey, IReadOnlyList<string>? extraArgs = null, string? brokerDll = null)
    {
        var directory = Directory.CreateTempSubdirectory("sm-bench-broker-").FullName;
        var secrets = new Dictionary<int, string>();
        var devicesFile = Path.Combine(directory, "devices.json");
        await using (var stream = File.Create(devicesFile))
        await using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteStartArray("devices");
            for (var i = 1; i <= devices; i++)
            {
                secrets[i] = DeviceSecretHasher.NewSecret();
                json.WriteStartObject();
                json.WriteString("device_id", $"dev-{i}");
                json.WriteString("site", "plant-1");
                json.WriteBoolean("enabled", true);
                json.WriteString("secret_hash", DeviceSecretHasher.Hash(secrets[i], iterations: 1000));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        var port = Ports.Free();
        var httpPort = Ports.Free();
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        string[] arguments =
        [
            brokerDll ?? BrokerDll(),
            $"--urls=http://127.0.0.1:{httpPort}",
            $"--Broker:Mqtt:Port={port}",
            $"--Broker:Devices:File={devicesFile}",
            $"--Broker:Outbox:Directory={Path.Combine(directory, "outbox")}",
            $"--Broker:DeadLetters:Directory={Path.Combine(directory, "deadletters")}",
            $"--Broker:Cloud:BaseUrl={cloudUrl}",
            $"--Broker:Cloud:ApiKey={apiKey}",
            $"--Broker:Outbox:Fsync={fsync}",
            "--Logging:LogLevel:Default=Warning",
            .. extraArgs ?? Array.Empty<string>(),
        ];
        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("the broker did not start");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("[broker] " + e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("[broker] " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Ports.WaitListeningAsync(port);
        return new EdgeBrokerUnderTest(process, directory, port, httpPort, secrets);
    }

    /// <summary>Readings the cloud acknowledged, from the broker's /metrics.</summary>
    public long Forwarded() => (long)MetricAsync("sm_broker_messages_out_total").GetAwaiter().GetResult();

    /// <summary>A value of the broker's /metrics (Prometheus text): the unlabeled series, or the sum of its labeled ones (by kind).</summary>
    public async Task<double> MetricAsync(string name)
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync($"http://127.0.0.1:{_httpPort}/metrics");
        var series = text.Split('\n').Where(l => l.StartsWith(name + " ", StringComparison.Ordinal) || l.StartsWith(name + "{", StringComparison.Ordinal)).ToList();
        if (series.Count == 0)
        {
            throw new InvalidOperationException($"the broker's /metrics has no {name}");
        }

        return series.Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    private static string BrokerDll()
    {
        var configuration = typeof(EdgeBrokerUnderTest).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var dll = Path.Combine(dir.FullName, "edge-broker", "SmartMaintenance.EdgeBroker", "bin", configuration, "net10.0", "SmartMaintenance.EdgeBroker.dll");
            if (File.Exists(dll))
            {
                return dll;
            }
        }

        throw new FileNotFoundException("SmartMaintenance.EdgeBroker.dll not built; run dotnet build -c Release first");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
