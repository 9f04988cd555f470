using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmartMaintenance.Cloud.Agents.Storage;
using SmartMaintenance.Cloud.Tests.Api;

namespace SmartMaintenance.Cloud.Tests.Compatibility;

/// <summary>
/// What the replay cannot show: a decision without an order is append-only on both engines, refused when
/// incomplete, and the product's own routes still answer as before beside the aliases.
/// </summary>
public sealed class CompatibilityBehaviourTests
{
    public static TheoryData<string> Engines => new() { "sqlite", "postgres" };

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task DecisionWithoutOrder_StoredAndListed_UpdateAndDeleteRefusedByStorage(string engine)
    {
        await using var host = engine == "postgres" ? await CloudHost.StartAsync() : await CloudHost.StartSqliteAsync();

        var created = await host.Admin.PostAsync("/api/v1/decisions/submit",
            CloudHost.Json("""{"request_id":"REQ-42","operator_id":"maria","decision":"Rejected","justification":"bearing replaced last week"}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var listed = await host.Admin.GetFromJsonAsync<JsonElement>("/api/v1/decisions/requests?request_id=REQ-42");
        var only = Assert.Single(listed.EnumerateArray());
        Assert.Equal(("maria", "reject", "bearing replaced last week"),
            (only.GetProperty("operator").GetString(), only.GetProperty("decision").GetString(), only.GetProperty("justification").GetString()));

        await using var connection = await host.Services.GetRequiredService<AgentDatabase>().OpenAsync(CancellationToken.None);
        foreach (var sql in new[] { "UPDATE agent_request_decisions SET reason = 'changed'", "DELETE FROM agent_request_decisions" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            var error = await Assert.ThrowsAnyAsync<DbException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", error.Message);
        }

        var after = await host.Admin.GetFromJsonAsync<JsonElement>("/api/v1/decisions/requests?request_id=REQ-42");
        Assert.Equal("bearing replaced last week", Assert.Single(after.EnumerateArray()).GetProperty("justification").GetString());
    }

    [Theory]
    [InlineData("""{"operator":"OP_001","decision":"approve"}""", "request_id")]
    [InlineData("""{"request_id":"REQ_1","decision":"approve"}""", "operator")]
    [InlineData("""{"request_id":"REQ_1","operator":"OP_001"}""", "decision")]
    [InlineData("""{"request_id":"REQ_1","operator":"OP_001","decision":"maybe"}""", "decision")]
    public async Task DecisionWithoutOrder_Incomplete_400NamingTheField(string body, string field)
    {
        await using var host = await CloudHost.StartSqliteAsync();

        var response = await host.Admin.PostAsync("/api/v1/decisions/submit", CloudHost.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Empty((await host.Admin.GetFromJsonAsync<JsonElement>("/api/v1/decisions/requests")).EnumerateArray());
    }

    [Fact]
    public async Task ProductRoutes_UnchangedBesideTheAliases()
    {
        await using var host = await CloudHost.StartSqliteAsync();

        // The product's decision route still needs an existing order.
        var decision = await host.Admin.PostAsync("/api/v1/decisions", CloudHost.Json("""{"order_id":999,"decision":"approve","operator":"a","reason":"b"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, decision.StatusCode);
        // The product's drift simulation still refuses fewer readings than the drift agent's windows.
        var drift = await host.Admin.PostAsync("/api/v1/simulate/drift", CloudHost.Json("""{"count":50}"""));
        Assert.Equal(HttpStatusCode.BadRequest, drift.StatusCode);
        // A predict request naming the product's model is not re-routed: no model is trained on this host, so the
        // product's 404 names ai4i-failure, where the alias would have answered in the documents' shape.
        var predict = await host.Admin.PostAsync("/api/v1/ml/predict", CloudHost.Json(
            """{"model_name":"ai4i-failure","features":{"Air_temperature_K":298.1,"Process_temperature_K":308.6,"Rotational_speed_rpm":1551,"Torque_Nm":42.8,"Tool_wear_min":108}}"""));
        Assert.Equal(HttpStatusCode.NotFound, predict.StatusCode);
        Assert.DoesNotContain("prototype", await predict.Content.ReadAsStringAsync());
        var prototype = await host.Admin.PostAsync("/api/v1/ml/predict", CloudHost.Json("""{"model_name":"pump_sensor_models","features":{}}"""));
        Assert.Equal(HttpStatusCode.NotFound, prototype.StatusCode);
        Assert.Contains("prototype", await prototype.Content.ReadAsStringAsync());
        // Without a broker calling in, the broker link is reported down with the reason.
        using var anonymous = host.Client(null);
        var broker = await anonymous.GetAsync("/health/broker");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, broker.StatusCode);
        Assert.Equal("not_seen", (await broker.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("broker").GetString());
    }
}
