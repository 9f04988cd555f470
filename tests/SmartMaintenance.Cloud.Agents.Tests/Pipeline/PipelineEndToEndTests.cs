using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using SmartMaintenance.Cloud.Hosting;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Agents.Tests.Pipeline;

/// <summary>
/// The real cloud host with the agents: a simulated anomaly is ingested through the reading store and must come
/// out as a maintenance order, a webhook POST to a local HTTP listener and an e-mail to a local SMTP listener.
/// </summary>
public sealed class PipelineEndToEndTests
{
    private const string ApiKey = "agents-test-key-0123456789abcdef";

    private static async Task<(WebApplication Cloud, HttpClient Http)> StartCloudAsync(string directory, params string[] extra)
    {
        var url = $"http://127.0.0.1:{FreePort.Get()}";
        var cloud = CloudApplication.Build([
            $"--urls={url}", $"--Cloud:ApiKeys:BootstrapKey={ApiKey}",
            $"--Cloud:Storage:SqlitePath={Path.Combine(directory, "cloud.db")}", "--Logging:LogLevel:Default=Warning",
            "--Cloud:Agents:Acquisition:PollInterval=00:00:00.050", "--Cloud:Agents:Anomaly:UseForest=false", .. extra]);
        await cloud.StartAsync();
        var http = new HttpClient { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Add("x-api-key", ApiKey);
        return (cloud, http);
    }

    [Fact]
    public async Task SimulateAnomaly_ThroughRealHost_OrderWebhookAndEmailDelivered()
    {
        // Deleted when the test ends, also when it fails (after the host, declared later, is disposed).
        using var temp = new TempFolder("sm-agents-e2e-");
        var directory = temp.Path;
        using var webhook = new WebhookListener();
        await using var smtp = new SmtpListener();
        var (cloud, http) = await StartCloudAsync(directory,
            $"--Cloud:Agents:Notification:WebhookUrl={webhook.Url}",
            "--Cloud:Agents:Notification:SmtpHost=127.0.0.1", $"--Cloud:Agents:Notification:SmtpPort={smtp.Port}",
            "--Cloud:Agents:Notification:To:0=maintenance@example.test");
        await using var _ = cloud;

        var response = await http.PostAsJsonAsync("/api/v1/simulate/anomaly", new { device_id = "press-7", count = 60, anomalies = 1, seed = 3 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var diagnostics = async () => await response.Content.ReadAsStringAsync() + await http.GetStringAsync("/api/v1/metrics/snapshot")
            + await http.GetStringAsync("/api/v1/anomalies");

        var orders = await Eventually.WaitForAsync(
            async () => await http.GetFromJsonAsync<JsonElement>("/api/v1/maintenance/orders?device_id=press-7"),
            o => o.GetArrayLength() > 0, TimeSpan.FromSeconds(30), "a maintenance order").ContinueWith(
                t => t.IsFaulted ? throw new InvalidOperationException(diagnostics().Result, t.Exception) : t.Result);
        Assert.Equal("Scheduled", orders[0].GetProperty("status").GetString());

        var body = await webhook.NextAsync(TimeSpan.FromSeconds(30));
        using var json = JsonDocument.Parse(body);
        Assert.Contains("press-7", json.RootElement.GetProperty("text").GetString());
        Assert.Equal("section", json.RootElement.GetProperty("blocks")[0].GetProperty("type").GetString());

        var mail = await smtp.NextAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("maintenance@example.test", mail.Recipients);
        Assert.Contains("press-7", mail.Data);

        var notifications = await Eventually.WaitForAsync(
            async () => await http.GetFromJsonAsync<JsonElement>("/api/v1/notifications"),
            n => n.EnumerateArray().Count(x => x.GetProperty("status").GetString() == "Delivered") >= 3, TimeSpan.FromSeconds(30),
            "delivered notifications on webhook, email and dashboard");
        Assert.Contains(notifications.EnumerateArray(), n => n.GetProperty("channel").GetString() == "email");
    }

    [Fact]
    public async Task GoldenPath_TenEventsWithAutoDecision_AllSevenStagesDone()
    {
        using var temp = new TempFolder("sm-agents-gp-");
        var directory = temp.Path;
        var (cloud, http) = await StartCloudAsync(directory);
        await using var _ = cloud;

        var start = await http.PostAsJsonAsync("/api/v1/demo/golden-path", new { events = 10, auto_decide = true });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var run = await Eventually.WaitForAsync(
            async () => await http.GetFromJsonAsync<JsonElement>($"/api/v1/demo/golden-path/{id}"),
            r => r.GetProperty("status").GetString() != "Running", TimeSpan.FromSeconds(60), "the Golden Path to finish");
        Assert.Equal("Done", run.GetProperty("status").GetString());
        Assert.Equal(
            ["ingestion", "validation", "anomaly-detection", "prediction", "scheduling", "decision", "report"],
            run.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.All(run.GetProperty("stages").EnumerateArray(), s => Assert.Equal("Done", s.GetProperty("status").GetString()));

        var stream = await http.GetStringAsync($"/api/v1/demo/golden-path/{id}/stream");
        Assert.Contains("event: run", stream);
        Assert.Contains("\"status\":\"Done\"", stream);

        var decisions = await http.GetStringAsync($"/api/v1/decisions?format=csv");
        Assert.Contains("golden-path-auto", decisions);

        // The metrics collector's instruments reach the host's Prometheus endpoint, per agent.
        var metrics = await http.GetStringAsync("/metrics");
        Assert.Contains("sm_agent_events_handled_total{", metrics);
        Assert.Contains("agent=\"ValidationAgent\"", metrics);
        Assert.Contains("sm_agent_handler_duration", metrics);
    }
}
