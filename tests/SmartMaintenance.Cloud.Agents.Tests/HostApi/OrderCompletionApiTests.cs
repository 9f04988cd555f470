using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Scheduling;

namespace SmartMaintenance.Cloud.Agents.Tests.HostApi;

/// <summary>
/// POST /api/v1/maintenance/orders/{id}/complete through the real host: refusals are ProblemDetails naming the field
/// (400), the order (404) or its state (409); a completion returns the order with its finding, the order list returns
/// it too, and the decision log holds one Complete line with the finding as its reason.
/// </summary>
[Collection(AgentsCloudCollection.Name)]
public sealed class OrderCompletionApiTests(AgentsCloudFixture fixture)
{
    private async Task<long> OrderAsync(string device)
    {
        var now = DateTimeOffset.UtcNow;
        var prediction = new FailurePredicted(new EventMeta($"complete-test:{Guid.NewGuid():N}", device, $"corr-{device}", now), "v1",
            "vibration", 0.9, null, null, null, now.AddDays(2), "completion api test");
        await fixture.Cloud.Get<SchedulingAgent>().HandleAsync(prediction, CancellationToken.None);
        var orders = await fixture.Cloud.Http.GetFromJsonAsync<JsonElement>($"/api/v1/maintenance/orders?device_id={device}");
        return orders.EnumerateArray().Single().GetProperty("id").GetInt64();
    }

    /// <summary>Approve and start the order (the agent may have left it Unscheduled when no slot was free).</summary>
    private static async Task StartAsync(IMaintenanceOrderStore orders, long id)
    {
        var status = (await orders.GetAsync(id, CancellationToken.None))!.Status;
        Assert.True(await orders.UpdateStatusAsync(id, status, MaintenanceStatus.Approved, CancellationToken.None));
        Assert.True(await orders.UpdateStatusAsync(id, MaintenanceStatus.Approved, MaintenanceStatus.InProgress, CancellationToken.None));
    }

    private Task<HttpResponseMessage> CompleteAsync(long id, object body) =>
        fixture.Cloud.Http.PostAsJsonAsync($"/api/v1/maintenance/orders/{id}/complete", body);

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Complete_OrderInProgress_StoresTheFindingListsItAndLogsComplete()
    {
        var device = $"done-{Guid.NewGuid():N}"[..16];
        var id = await OrderAsync(device);
        const string finding = "Bearing <b>worn</b> & replaced\nshaft aligned";

        // Not started yet: 409, nothing changes.
        var early = await ProblemAsync(await CompleteAsync(id, new { @operator = "tiago", finding }), HttpStatusCode.Conflict);
        Assert.Contains("not in progress", early.GetProperty("title").GetString(), StringComparison.Ordinal);
        var orders = fixture.Cloud.Get<IMaintenanceOrderStore>();
        await StartAsync(orders, id);

        var response = await CompleteAsync(id, new { @operator = "tiago", finding });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Done", body.GetProperty("order").GetProperty("status").GetString());
        Assert.Equal(finding, body.GetProperty("order").GetProperty("finding").GetString());
        Assert.Equal("Complete", body.GetProperty("decision").GetProperty("kind").GetString());
        var listed = (await fixture.Cloud.Http.GetFromJsonAsync<JsonElement>($"/api/v1/maintenance/orders?device_id={device}")).EnumerateArray().Single();
        Assert.Equal(finding, listed.GetProperty("finding").GetString());
        var log = (await fixture.Cloud.Http.GetFromJsonAsync<JsonElement>($"/api/v1/decisions?order_id={id}&decision=complete")).EnumerateArray().ToList();
        Assert.Equal(finding, Assert.Single(log).GetProperty("reason").GetString());
        Assert.Equal("tiago", log[0].GetProperty("operator").GetString());

        // Finished already: 409, and no second log line.
        await ProblemAsync(await CompleteAsync(id, new { @operator = "outra", finding = "again" }), HttpStatusCode.Conflict);
        Assert.Single((await fixture.Cloud.Http.GetFromJsonAsync<JsonElement>($"/api/v1/decisions?order_id={id}&decision=complete")).EnumerateArray());
    }

    [Fact]
    public async Task Complete_OrderWithoutFinding_ListsANullFinding()
    {
        var device = $"nofind-{Guid.NewGuid():N}"[..16];
        var id = await OrderAsync(device);
        var orders = fixture.Cloud.Get<IMaintenanceOrderStore>();
        await StartAsync(orders, id);

        Assert.Equal(HttpStatusCode.OK, (await CompleteAsync(id, new { @operator = "tiago" })).StatusCode);

        var listed = (await fixture.Cloud.Http.GetFromJsonAsync<JsonElement>($"/api/v1/maintenance/orders?device_id={device}")).EnumerateArray().Single();
        Assert.Equal("Done", listed.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("finding").ValueKind);
    }

    [Fact]
    public async Task Complete_BadInput_400NamingTheField_404UnknownOrder_OrderUnchanged()
    {
        var device = $"badfind-{Guid.NewGuid():N}"[..16];
        var id = await OrderAsync(device);
        var orders = fixture.Cloud.Get<IMaintenanceOrderStore>();
        await StartAsync(orders, id);

        var tooLong = await ProblemAsync(await CompleteAsync(id, new { @operator = "tiago", finding = new string('x', 2001) }), HttpStatusCode.BadRequest);
        var control = await ProblemAsync(await CompleteAsync(id, new { @operator = "tiago", finding = "ok\u0000" }), HttpStatusCode.BadRequest);
        var nobody = await ProblemAsync(await CompleteAsync(id, new { finding = "ok" }), HttpStatusCode.BadRequest);
        var unknown = await ProblemAsync(await CompleteAsync(long.MaxValue, new { @operator = "tiago" }), HttpStatusCode.NotFound);

        Assert.True(tooLong.GetProperty("errors").TryGetProperty("finding", out _));
        Assert.True(control.GetProperty("errors").TryGetProperty("finding", out _));
        Assert.True(nobody.GetProperty("errors").TryGetProperty("operator", out _));
        Assert.Contains("does not exist", unknown.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(MaintenanceStatus.InProgress, (await orders.GetAsync(id, CancellationToken.None))!.Status);
        Assert.Empty((await fixture.Cloud.Http.GetFromJsonAsync<JsonElement>($"/api/v1/decisions?order_id={id}")).EnumerateArray());
    }
}
