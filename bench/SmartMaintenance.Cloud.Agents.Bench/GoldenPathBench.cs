using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using SmartMaintenance.Cloud.Hosting;

namespace SmartMaintenance.Cloud.Agents.Bench;

/// <summary>
/// Golden Path duration: the real cloud host (SQLite in a temp folder, loopback HTTP), POST /api/v1/demo/golden-path
/// with auto decision, then the wall time until the run leaves Running, measured by the client (request to Done).
/// </summary>
internal static class GoldenPathBench
{
    private const string ApiKey = "agents-bench-key-0123456789abcdef";

    public static async Task<int> RunAsync(int runs, int events)
    {
        var directory = Directory.CreateTempSubdirectory("sm-agents-bench").FullName;
        var url = $"http://127.0.0.1:{FreePort()}";
        var cloud = CloudApplication.Build([
            $"--urls={url}", $"--Cloud:ApiKeys:BootstrapKey={ApiKey}",
            $"--Cloud:Storage:SqlitePath={Path.Combine(directory, "cloud.db")}", "--Logging:LogLevel:Default=Warning",
            "--Cloud:Ml:TrainBaselineOnStart=false"]);
        await cloud.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            http.DefaultRequestHeaders.Add("x-api-key", ApiKey);
            var durations = new List<double>();
            for (var i = 0; i <= runs; i++)
            {
                var clock = Stopwatch.StartNew();
                var start = await http.PostAsJsonAsync("/api/v1/demo/golden-path", new { events, auto_decide = true });
                start.EnsureSuccessStatusCode();
                var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
                JsonElement run;
                do
                {
                    await Task.Delay(5);
                    run = await http.GetFromJsonAsync<JsonElement>($"/api/v1/demo/golden-path/{id}");
                }
                while (run.GetProperty("status").GetString() == "Running" && clock.Elapsed < TimeSpan.FromMinutes(3));

                clock.Stop();
                var status = run.GetProperty("status").GetString();
                if (status != "Done")
                {
                    Console.Error.WriteLine($"run {id} ended {status}: {run}");
                    return 1;
                }

                // Run 0 warms the JIT and the SQLite file; it is reported but not counted.
                Console.WriteLine($"run {i}{(i == 0 ? " (warm-up)" : "")}: {clock.Elapsed.TotalMilliseconds:F0} ms");
                if (i > 0)
                {
                    durations.Add(clock.Elapsed.TotalMilliseconds);
                }
            }

            durations.Sort();
            Console.WriteLine($"golden path, {events} events, {runs} runs: median {durations[durations.Count / 2]:F0} ms, " +
                $"min {durations[0]:F0} ms, max {durations[^1]:F0} ms");
            return 0;
        }
        finally
        {
            await cloud.StopAsync();
            await cloud.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
