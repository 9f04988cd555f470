using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using SmartMaintenance.Cloud.Agents.Storage;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Agents.Bench;

/// <summary>
/// One cloud process of the scale-out bench: a given build of SmartMaintenance.Cloud.dll, on the in-process transport
/// (natsUrl null: the single-instance reference) or on JetStream. Standard output is discarded, standard error is
/// passed on with the instance's name.
/// </summary>
internal sealed class ScaleOutInstance : IAsyncDisposable
{
    public const string Key = "bench-scale-out-key-0123456789abcdef";
    public const int LeaseTtlSeconds = 10;
    public const int HeartbeatSeconds = 2;

    private readonly Process _process;

    private ScaleOutInstance(string id, Process process, string url)
    {
        Id = id;
        _process = process;
        Http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 8 }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(120) };
        Http.DefaultRequestHeaders.Add("x-api-key", Key);
    }

    public string Id { get; }
    public HttpClient Http { get; }
    public bool HasExited => _process.HasExited;

    /// <summary>
    /// The pool size (Cloud:Storage:PostgresMaxPoolSize) that keeps this many instances inside the server's connection
    /// budget: instances x (2 x size + 1) &lt;= max_connections - reserved - 10, at most 100 (the default, so one
    /// instance runs as it always did). bench/pg.sh's 300 connections give 100, 71 and 47 for 1, 2 and 3 instances.
    /// </summary>
    public static async Task<int> PoolSizeAsync(string connectionString, int instances)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int " +
            "- coalesce(current_setting('reserved_connections', true)::int, 0)", connection);
        var available = (int)(await command.ExecuteScalarAsync())!;
        var size = Math.Min(PostgresPoolSize.Default, ((available - 10) / instances - 1) / 2);
        return size >= PostgresPoolSize.Minimum ? size
            : throw new InvalidOperationException($"PostgreSQL allows {available} connections: too few for {instances} instances (pool size {size}); raise max_connections");
    }

    public static async Task<ScaleOutInstance> StartAsync(string id, string dll, string connectionString, string? natsUrl, int baseline, bool verbose, int poolSize)
    {
        var url = $"http://127.0.0.1:{FreePort.Get()}";
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        var arguments = new List<string>
        {
            dll, $"--urls={url}", $"--ConnectionStrings:Postgres={connectionString}",
            $"--Cloud:ApiKeys:BootstrapKey={Key}", "--Cloud:RateLimit:PermitsPerSecond=10000000", "--Cloud:RateLimit:Burst=10000000",
            "--Cloud:Ml:TrainBaselineOnStart=false", "--Logging:LogLevel:Default=Warning", $"--Cloud:Storage:PostgresMaxPoolSize={poolSize}",
            $"--Cloud:Agents:Anomaly:Detector:BaselineObservations={baseline}", "--Cloud:Agents:Anomaly:Incident:OpenImmediatelyAt=Medium",
        };
        if (natsUrl is not null)
        {
            arguments.AddRange(["--Cloud:Agents:Bus:Transport=JetStream", $"--Cloud:Agents:Bus:JetStream:Url={natsUrl}", $"--Cloud:Agents:Bus:JetStream:InstanceId={id}"]);
        }

        if (verbose)
        {
            arguments.Add("--Logging:LogLevel:SmartMaintenance.Cloud.Agents.Bus=Information");
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("the cloud did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine($"[{id}] {e.Data}"); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var instance = new ScaleOutInstance(id, process, url);
        try
        {
            await ScaleOutBench.WaitAsync(async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"{id} exited with code {process.ExitCode} during start");
                }

                try
                {
                    using var response = await instance.Http.GetAsync("/health/ready");
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, ready => ready, TimeSpan.FromMinutes(2));
            return instance;
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }
    }

    public async Task PostAsync(string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync("/api/v1/data/ingest/batch", content);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{Id} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Readings this instance's validation agent decided on (ReadingValidated + ReadingRejected published).</summary>
    public async Task<long> JudgedAsync()
    {
        var snapshot = await Http.GetFromJsonAsync<JsonElement>("/api/v1/metrics/snapshot");
        var published = snapshot.GetProperty("eventsPublished");
        return (published.TryGetProperty("ReadingValidated", out var v) ? v.GetInt64() : 0)
            + (published.TryGetProperty("ReadingRejected", out var r) ? r.GetInt64() : 0);
    }

    /// <summary>
    /// Accepted readings (ReadingValidated published here) this process's anomaly agent has not handled yet: on the
    /// in-process transport, 0 means every alert of the stream is stored.
    /// </summary>
    public async Task<long> AnomalyBacklogAsync()
    {
        var snapshot = await Http.GetFromJsonAsync<JsonElement>("/api/v1/metrics/snapshot");
        var validated = snapshot.GetProperty("eventsPublished").TryGetProperty("ReadingValidated", out var v) ? v.GetInt64() : 0;
        var handled = snapshot.GetProperty("agents").EnumerateArray()
            .Where(a => a.GetProperty("agent").GetString() == "AnomalyDetectionAgent").Sum(a => a.GetProperty("handled").GetInt64());
        return validated - handled;
    }

    public async Task<JsonElement> HealthAsync() => (await Http.GetFromJsonAsync<JsonElement>("/health/ready")).Clone();

    public double CpuMs() => CpuMsOf(_process.Id);

    /// <summary>CPU time (user + system) a process used so far, in ms, from /proc/{pid}/stat.</summary>
    public static double CpuMsOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // Fields 14 and 15 of stat (utime, stime), counted from the state field (3): indexes 11 and 12 here; clock ticks of 10 ms.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
    }

    public void Kill() => _process.Kill();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
