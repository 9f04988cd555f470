using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmartMaintenance.Cloud.Agents.Events;
using SmartMaintenance.Cloud.Agents.Incidents;
using SmartMaintenance.Cloud.Storage;
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Cloud.Tests.Api;

/// <summary>
/// The incidents API over the real host, on PostgreSQL and on SQLite: list with filters and keyset cursor, detail with
/// evidence, decision-log steps and readings window, the lifecycle (acknowledge, resolve with a reason) and 409 for a
/// step the lifecycle does not allow. Incidents are recorded through the host's own incident store, as the anomaly
/// agent records them; the pipeline test (agents tests) opens them from readings.
/// </summary>
public abstract class IncidentsApiTests(CloudHost host)
{
    // Recent, whole seconds: inside the readings store's partitions, exact on both engines (milliseconds stored).
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddMinutes(-30).ToUnixTimeSeconds());

    private async Task<MachineIncident> OpenAsync(string machine, AnomalySeverity severity = AnomalySeverity.High, int minute = 0)
    {
        var store = host.Services.GetRequiredService<IIncidentStore>();
        var at = T0.AddMinutes(minute);
        var change = await store.RecordAbnormalAsync(new AbnormalObservation($"api-test/{machine}/{Guid.NewGuid():N}", machine, machine, $"corr-{machine}",
            at, severity, 2e-5, [new SensorEvidence($"{machine}-temp", "temperature", "K", 352.4, 310.1, 9.2, 0.81)], 4, true, true, at),
            CancellationToken.None);
        return change!.Incident;
    }

    [Fact]
    public async Task Lifecycle_AcknowledgeThenResolve_StatesMoveStepsLoggedWrongStepsAre409()
    {
        var incident = await OpenAsync("api-life-" + Guid.NewGuid().ToString("N")[..6]);
        var url = $"/api/v1/incidents/{incident.Id}";

        var resolveWithoutReason = await host.Admin.PostAsync($"{url}/resolve", CloudHost.Json("""{"note":"x"}"""));
        var ack = await host.Admin.PostAsync($"{url}/acknowledge", null);
        var ackAgain = await host.Admin.PostAsync($"{url}/acknowledge", CloudHost.Json("""{"operator":"joao"}"""));
        var resolve = await host.Admin.PostAsync($"{url}/resolve", CloudHost.Json("""{"reason":"maintenance-done","note":"replaced the bearing","operator":"maria"}"""));
        var resolveAgain = await host.Admin.PostAsync($"{url}/resolve", CloudHost.Json("""{"reason":"false-alarm"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, resolveWithoutReason.StatusCode);
        Assert.True((await resolveWithoutReason.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.Equal("Acknowledged", (await ack.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, ackAgain.StatusCode);
        var conflict = await ackAgain.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("acknowledged", conflict.GetProperty("state").GetString());
        Assert.Equal("application/problem+json", ackAgain.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, resolveAgain.StatusCode);

        var detail = await host.Admin.GetFromJsonAsync<JsonElement>(url);
        var stored = detail.GetProperty("incident");
        Assert.Equal("Resolved", stored.GetProperty("state").GetString());
        Assert.Equal("MaintenanceDone", stored.GetProperty("resolution").GetString());
        Assert.Equal("bootstrap", stored.GetProperty("acknowledgedBy").GetString()); // the API key's name when the body names nobody
        Assert.Equal("maria", stored.GetProperty("resolvedBy").GetString());
        var steps = detail.GetProperty("decisions").EnumerateArray().Select(d => (d.GetProperty("kind").GetString(), d.GetProperty("reason").GetString())).ToList();
        Assert.Equal([("Acknowledge", "acknowledged"), ("Resolve", "maintenance-done: replaced the bearing")], steps);

        var log = await host.Admin.GetStringAsync($"/api/v1/decisions?incident_id={incident.Id}&format=csv");
        Assert.Contains("resolve,maria,maintenance-done: replaced the bearing", log);
    }

    [Fact]
    public async Task Resolve_MissingIncidentOrOtherWithoutNote_404And400()
    {
        var incident = await OpenAsync("api-bad-" + Guid.NewGuid().ToString("N")[..6]);

        var missing = await host.Admin.PostAsync("/api/v1/incidents/987654321/resolve", CloudHost.Json("""{"reason":"no-fault"}"""));
        var otherWithoutNote = await host.Admin.PostAsync($"/api/v1/incidents/{incident.Id}/resolve", CloudHost.Json("""{"reason":"other"}"""));
        var malformed = await host.Admin.PostAsync($"/api/v1/incidents/{incident.Id}/resolve", CloudHost.Json("""{"reason":"""));

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, otherWithoutNote.StatusCode);
        Assert.True((await otherWithoutNote.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("note", out _));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("Open", (await host.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{incident.Id}")).GetProperty("incident").GetProperty("state").GetString());
    }

    [Fact]
    public async Task List_FiltersAndCursor_EveryIncidentOnceNewestFirst()
    {
        var prefix = "api-list-" + Guid.NewGuid().ToString("N")[..6];
        var opened = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            opened.Add((await OpenAsync($"{prefix}-{i}", i < 2 ? AnomalySeverity.Critical : AnomalySeverity.Medium, minute: i)).Id);
        }

        await host.Admin.PostAsync($"/api/v1/incidents/{opened[4]}/acknowledge", null);

        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var page = await host.Admin.GetFromJsonAsync<JsonElement>(
                $"/api/v1/incidents?limit=2&from={Uri.EscapeDataString(T0.ToString("O"))}&to={Uri.EscapeDataString(T0.AddMinutes(5).ToString("O"))}" +
                (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(x => x.GetProperty("id").GetInt64()));
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(opened.AsEnumerable().Reverse().ToList(), seen.Where(opened.Contains).ToList());
        Assert.Equal(seen.Distinct().Count(), seen.Count);
        var critical = await host.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/incidents?severity=critical&limit=200");
        Assert.Equal([opened[1], opened[0]], critical.GetProperty("items").EnumerateArray().Select(x => x.GetProperty("id").GetInt64()).Where(opened.Contains));
        var acknowledged = await host.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/incidents?state=acknowledged&machine={prefix}-4");
        Assert.Equal(opened[4], Assert.Single(acknowledged.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt64());
        var bad = await host.Admin.GetAsync("/api/v1/incidents?state=closed&severity=9&cursor=nope");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("state", out _) && errors.TryGetProperty("severity", out _) && errors.TryGetProperty("cursor", out _));
    }

    [Fact]
    public async Task Get_IncidentWithReadingsAroundIt_EvidenceAndWindowOfTheTopSensor()
    {
        var machine = "api-win-" + Guid.NewGuid().ToString("N")[..6];
        var incident = await OpenAsync(machine);
        var now = DateTimeOffset.UtcNow;
        await host.Services.GetRequiredService<IReadingStore>().AppendAsync(
        [
            new NewReading(machine, null, $"{machine}-temp", "temperature", "K", MessageKinds.Reading, 310.2, T0.AddMinutes(-5), now, null),
            new NewReading(machine, null, $"{machine}-temp", "temperature", "K", MessageKinds.Reading, 352.4, T0, now, null),
            new NewReading(machine, null, $"{machine}-temp", "temperature", "K", MessageKinds.Reading, 300.0, T0.AddMinutes(-25), now, null), // outside
        ], CancellationToken.None);

        var detail = await host.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/incidents/{incident.Id}");

        var evidence = detail.GetProperty("incident").GetProperty("evidence")[0];
        Assert.Equal((machine + "-temp", "K", 352.4), (evidence.GetProperty("sensorId").GetString(), evidence.GetProperty("unit").GetString(), evidence.GetProperty("value").GetDouble()));
        var window = Assert.Single(detail.GetProperty("readings").EnumerateArray());
        Assert.Equal([310.2, 352.4], window.GetProperty("readings").EnumerateArray().Select(r => r.GetProperty("value").GetDouble()));
        Assert.Equal(HttpStatusCode.NotFound, (await host.Admin.GetAsync("/api/v1/incidents/987654321")).StatusCode);
    }

    [Fact]
    public async Task Scopes_ReadKeyListsButCannotAct_NoKeyRefused()
    {
        var incident = await OpenAsync("api-scope-" + Guid.NewGuid().ToString("N")[..6]);
        using var reader = host.Client(await host.CreateKeyAsync("read"));
        using var anonymous = host.Client(null);

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/incidents")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync($"/api/v1/incidents/{incident.Id}/acknowledge", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/incidents")).StatusCode);
    }
}

public sealed class IncidentsApiPostgresTests(CloudHostFixture fixture) : IncidentsApiTests(fixture.Host), IClassFixture<CloudHostFixture>;

public sealed class IncidentsApiSqliteTests(SqliteCloudHostFixture fixture) : IncidentsApiTests(fixture.Host), IClassFixture<SqliteCloudHostFixture>;
