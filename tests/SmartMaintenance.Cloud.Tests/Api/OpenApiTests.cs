using System.Net;
using System.Text.Json;

namespace SmartMaintenance.Cloud.Tests.Api;

/// <summary>The OpenAPI document and the Scalar reference: served in Development, absent elsewhere.</summary>
public sealed class OpenApiTests
{
    [Fact]
    public async Task OpenApi_InDevelopment_DocumentsTheIngestionAndQueryRoutesAndScalarIsBrowsable()
    {
        await using var host = await CloudHost.StartAsync("--environment=Development");
        using var anonymous = host.Client(null);

        var document = JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Contains("/api/v1/data/ingest", paths);
        Assert.Contains("/api/v1/data/ingest/batch", paths);
        Assert.Contains("/api/v1/sensors/readings", paths);
        Assert.Contains("/api/v1/devices/{id}/config", paths);

        var scalar = await anonymous.GetAsync("/scalar/v1");
        Assert.Equal(HttpStatusCode.OK, scalar.StatusCode);
        Assert.Contains("text/html", scalar.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task OpenApi_InDevelopment_StoredReadingSchemaDescribesTheDeviceStatistics()
    {
        await using var host = await CloudHost.StartAsync("--environment=Development");
        using var anonymous = host.Client(null);

        var document = JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json"));
        var properties = document.RootElement.GetProperty("components").GetProperty("schemas")
            .GetProperty("StoredReading").GetProperty("properties");
        foreach (var name in new[] { "summary_count", "summary_std", "summary_min", "summary_max", "baseline_mean", "baseline_std", "stuck" })
        {
            Assert.True(properties.TryGetProperty(name, out var property), name);
            Assert.False(string.IsNullOrEmpty(property.GetProperty("description").GetString()), name);
        }
    }

    [Fact]
    public async Task OpenApi_InProduction_NotServed()
    {
        await using var host = await CloudHost.StartAsync("--environment=Production");
        using var anonymous = host.Client(null);

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
    }
}
