using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SmartMaintenance.EdgeBroker.Bench;

/// <summary>
/// A cloud that accepts every batch at once, so the bench measures broker ingress, not storage. It answers the
/// batch contract with zero rejections; the broker's forwarder reads only the rejections.
/// </summary>
public sealed class SinkCloud : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SinkCloud(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public static async Task<SinkCloud> StartAsync()
    {
        var url = $"http://127.0.0.1:{Ports.Free()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/api/v1/data/ingest/batch", async (HttpRequest request) =>
        {
            await request.Body.CopyToAsync(Stream.Null);
            return Results.Text("""{"batch_id":"sink","stored":0,"duplicates":0,"rejected":0,"items":[]}""", "application/json");
        });
        app.MapPost("/api/v1/broker/events", async (HttpRequest request) =>
        {
            await request.Body.CopyToAsync(Stream.Null);
            return Results.Accepted();
        });
        await app.StartAsync();
        return new SinkCloud(app, url);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
