using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Scheduling;

namespace SmartMaintenance.Cloud.Agents.Tests.HostApi;

[Collection(AgentsCloudCollection.Name)]
public sealed class DecisionsApiTests(AgentsCloudFixture fixture)
{
    /// <summary>A maintenance order made by the host's own scheduling agent, on a device of this test.</summary>
    private async Task<long> OrderAsync(string device)
    {
        var now = DateTimeOffset.UtcNow;
        var prediction = new FailurePredicted(new EventMeta($"api-test:{Guid.NewGuid():N}", device, $"corr-{device}", now), "v1",
            "vibration", 0.9, null, null, null, now.AddDays(2), "api test");
        await fixture.Cloud.Get<SchedulingAgent>().HandleAsync(prediction, CancellationToken.None);
        var orders = await fixture.Cloud.Http.GetFromJsonAsync<JsonElement>($"/api/v1/maintenance/orders?device_id={device}");
        return orders.EnumerateArray().Single().GetProperty("id").GetInt64();
    }

    private async Task<JsonElement> DecideAsync(long order, string decision, string @operator)
    {
        var response = await fixture.Cloud.Http.PostAsJsonAsync("/api/v1/decisions",
            new { order_id = order, decision, @operator, reason = $"{decision} by {@operator}" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The log keeps milliseconds: the from/to check needs two decisions in different ones (the host's clock is real).</summary>
    private static async Task NextMillisecondAsync(JsonElement decision)
    {
        var at = DateTimeOffset.Parse(decision.GetProperty("decidedAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        while (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() <= at.ToUnixTimeMilliseconds())
        {
            await Task.Yield();
        }
    }

    private async Task<long[]> IdsAsync(string query) =>
        [.. (await fixture.Cloud.Http.GetFromJsonAsync<JsonElement>($"/api/v1/decisions?{query}")).EnumerateArray()
            .Select(d => d.GetProperty("id").GetInt64())];

    [Fact]
    public async Task GetDecisions_EachFilter_ReturnsOnlyTheMatchingDecisions()
    {
        var device = $"dec-{Guid.NewGuid():N}"[..16];
        var orderA = await OrderAsync(device + "a");
        var orderB = await OrderAsync(device + "b");
        var maria = $"maria-{device}";
        var jon = $"jon-{device}";
        var first = await DecideAsync(orderA, "defer", maria);
        var d1 = first.GetProperty("id").GetInt64();
        await NextMillisecondAsync(first);
        var second = await DecideAsync(orderA, "approve", jon);
        var d2 = second.GetProperty("id").GetInt64();
        var d3 = (await DecideAsync(orderB, "reject", maria)).GetProperty("id").GetInt64();

        Assert.Equal([d1, d2], await IdsAsync($"order_id={orderA}"));
        Assert.Equal([d1, d3], await IdsAsync($"operator={maria}"));
        Assert.Equal([d3], await IdsAsync($"operator={maria}&decision=reject"));
        Assert.Equal([d2], await IdsAsync($"order_id={orderA}&decision=Approve"));

        // from is inclusive, to exclusive (decided_at of the second decision).
        var at = Uri.EscapeDataString(second.GetProperty("decidedAt").GetString()!);
        Assert.Equal([d2], await IdsAsync($"order_id={orderA}&from={at}"));
        Assert.Equal([d1], await IdsAsync($"order_id={orderA}&to={at}"));

        var csv = await fixture.Cloud.Http.GetStringAsync($"/api/v1/decisions?operator={jon}&format=csv");
        Assert.StartsWith("id,order_id,decision,operator,reason,correlation_id,decided_at,incident_id\r\n", csv);
        Assert.Contains($"{d2},{orderA},approve,{jon},", csv);
    }

    [Fact]
    public async Task GetDecisions_UnknownDecisionWord_400ProblemDetailsNamingDecision()
    {
        var response = await fixture.Cloud.Http.GetAsync("/api/v1/decisions?decision=maybe");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("decision", out _), problem.ToString());
    }

    [Fact]
    public async Task PostDecision_InvalidFields_400ProblemDetailsNamingEachField()
    {
        var response = await fixture.Cloud.Http.PostAsJsonAsync("/api/v1/decisions",
            new { order_id = 987654321, decision = "approve", @operator = "", reason = "" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["operator", "order_id", "reason"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
        Assert.Contains("987654321", problem.GetProperty("errors").GetProperty("order_id")[0].GetString());
    }

    [Fact]
    public async Task PostDecision_MissingOrderAndDecision_400ProblemDetailsNamingOrderId()
    {
        var response = await fixture.Cloud.Http.PostAsJsonAsync("/api/v1/decisions", new { @operator = "maria", reason = "r" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("order_id", out _), problem.ToString());
    }

    [Fact]
    public async Task PostDecision_UnknownDecisionWord_400ProblemDetails()
    {
        var order = await OrderAsync($"dec-{Guid.NewGuid():N}"[..16]);

        var response = await fixture.Cloud.Http.PostAsJsonAsync("/api/v1/decisions",
            new { order_id = order, decision = "maybe", @operator = "maria", reason = "r" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
