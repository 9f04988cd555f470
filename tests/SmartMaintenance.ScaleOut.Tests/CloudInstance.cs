using System.Net;
using System.Text;
using System.Text.Json;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.ScaleOut.Tests;

/// <summary>
/// One cloud instance as its own process (the Release build's SmartMaintenance.Cloud.dll, as deploy/ runs it) on the
/// shared database, configured on its command line. With a NATS URL its agent bus is JetStream (issue 16); without,
/// the default in-process channels: the single-instance reference.
/// </summary>
internal sealed class CloudInstance : IAsyncDisposable
{
    public const string ApiKey = "scale-out-test-key-0123456789abcdef";

    /// <summary>Partitions per partitioned subscription (fewer than the default 16: fewer consumers on a loaded CI box).</summary>
    public const int Partitions = 8;

    private readonly ChildProcess _process;

    private CloudInstance(string instanceId, string url, ChildProcess process)
    {
        InstanceId = instanceId;
        Url = url;
        _process = process;
        Http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
        Http.DefaultRequestHeaders.Add("x-api-key", ApiKey);
    }

    public string InstanceId { get; }
    public string Url { get; }
    public HttpClient Http { get; }
    public bool HasExited => _process.HasExited;
    public string Output => _process.Output;

    /// <summary>Starts the instance and returns once /health/ready answers (database migrated, agents started).</summary>
    /// <param name="natsUrl">null: the in-process Channels transport (one instance alone).</param>
    public static async Task<CloudInstance> StartAsync(string instanceId, string connectionString, string? natsUrl,
        IEnumerable<string>? extraArguments = null)
    {
        var dll = RepoPaths.ProgramDll("cloud", "SmartMaintenance.Cloud");
        // A port taken between FreePort and Kestrel's bind is retried with another.
        for (var attempt = 1; ; attempt++)
        {
            var url = $"http://127.0.0.1:{FreePort.Get()}";
            var process = ChildProcess.Start(instanceId, "dotnet", [dll, .. Arguments(instanceId, url, connectionString, natsUrl), .. extraArguments ?? []],
                new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" });
            var instance = new CloudInstance(instanceId, url, process);
            try
            {
                await instance.WaitReadyAsync();
                return instance;
            }
            catch (InvalidOperationException) when (attempt < 3 && process.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await instance.DisposeAsync();
            }
            catch
            {
                await instance.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>
    /// The cloud's settings of these tests: rate limits out of the way, no model training, a short detector baseline
    /// (the workload is tens of observations per machine), and for JetStream a short lease so that a takeover after
    /// kill -9 takes seconds, not the production default's tens of seconds.
    /// </summary>
    public static List<string> Arguments(string instanceId, string url, string connectionString, string? natsUrl)
    {
        var arguments = new List<string>
        {
            $"--urls={url}",
            $"--ConnectionStrings:Postgres={connectionString}",
            $"--Cloud:ApiKeys:BootstrapKey={ApiKey}",
            "--Cloud:RateLimit:PermitsPerSecond=10000000",
            "--Cloud:RateLimit:Burst=10000000",
            "--Cloud:Ml:TrainBaselineOnStart=false",
            "--Cloud:Agents:Anomaly:Detector:BaselineObservations=30",
            "--Cloud:Agents:Anomaly:Incident:OpenImmediatelyAt=Medium",
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:SmartMaintenance.Cloud.Agents.Bus=Information",
        };
        if (natsUrl is not null)
        {
            arguments.AddRange(
            [
                "--Cloud:Agents:Bus:Transport=JetStream",
                $"--Cloud:Agents:Bus:JetStream:Url={natsUrl}",
                $"--Cloud:Agents:Bus:JetStream:InstanceId={instanceId}",
                $"--Cloud:Agents:Bus:JetStream:Partitions={Partitions}",
                "--Cloud:Agents:Bus:JetStream:LeaseTtl=00:00:04",
                "--Cloud:Agents:Bus:JetStream:HeartbeatInterval=00:00:01",
            ]);
        }

        return arguments;
    }

    /// <summary>
    /// /health/ready as JSON (the scaleOut object: instance, partitions, lease state). 503 is an answer too: the
    /// instance is up but not ready, and its body says why.
    /// </summary>
    public Task<JsonElement> HealthAsync() => GetJsonAsync("/health/ready", HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable);

    /// <summary>GET /api/v1/metrics/snapshot as JSON.</summary>
    public Task<JsonElement> MetricsAsync() => GetJsonAsync("/api/v1/metrics/snapshot", HttpStatusCode.OK);

    /// <summary>POSTs a JSON body; anything but 200 fails with the instance's answer and log (<see cref="CloudCallException"/>).</summary>
    public async Task<string> PostJsonAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await CallAsync(HttpMethod.Post, path, () => Http.PostAsync(path, content), [HttpStatusCode.OK]);
    }

    /// <summary>
    /// GET as JSON. A failed call (another status, no answer, a body that is not JSON) throws a
    /// <see cref="CloudCallException"/> carrying the status, the body and the last lines this instance logged, so a
    /// failure in CI explains itself.
    /// </summary>
    public async Task<JsonElement> GetJsonAsync(string path, params HttpStatusCode[] accepted)
    {
        var body = await CallAsync(HttpMethod.Get, path, () => Http.GetAsync(path), accepted);
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw Failure(HttpMethod.Get, path, "answered a body that is not JSON (" + e.Message + ")", body, e);
        }
    }

    private async Task<string> CallAsync(HttpMethod method, string path, Func<Task<HttpResponseMessage>> send, HttpStatusCode[] accepted)
    {
        HttpResponseMessage response;
        try
        {
            response = await send();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            throw Failure(method, path, $"got no answer ({e.GetType().Name}: {e.Message})", null, e);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            if (!accepted.Contains(response.StatusCode))
            {
                throw Failure(method, path, $"answered {(int)response.StatusCode} {response.StatusCode}", body, null);
            }

            return body;
        }
    }

    private CloudCallException Failure(HttpMethod method, string path, string what, string? body, Exception? inner) =>
        new($"{method} {path} on {InstanceId} ({Url}, {(HasExited ? "exited" : "running")}) {what}" +
            (body is null ? "" : $"\n--- body ---\n{(body.Length > 4000 ? body[..4000] + " ..." : body)}") +
            $"\n--- last lines logged by {InstanceId} ---\n{Output}", inner);

    /// <summary>kill -9: no shutdown hook runs, its leases are left to expire.</summary>
    public Task KillAsync() => _process.KillAsync();

    private async Task WaitReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            await WaitReadyAsync(http);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n--- last lines logged by {InstanceId} ---\n{_process.Output}", e);
        }
    }

    private async Task WaitReadyAsync(HttpClient http)
    {
        await Eventually.WaitForAsync(async () =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"cloud instance {InstanceId} exited during start:\n{_process.Output}");
            }

            try
            {
                using var response = await http.GetAsync("/health/ready");
                return response.IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, ready => ready, TimeSpan.FromSeconds(180), $"cloud instance {InstanceId} to be ready at {Url}");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _process.DisposeAsync();
    }
}
