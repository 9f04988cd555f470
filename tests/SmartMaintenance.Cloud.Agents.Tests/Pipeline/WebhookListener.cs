using System.Net;
using System.Threading.Channels;
using SmartMaintenance.TestSupport;

namespace SmartMaintenance.Cloud.Agents.Tests.Pipeline;

/// <summary>A real HTTP endpoint on a free loopback port that records every POSTed body and answers 200.</summary>
public sealed class WebhookListener : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Channel<string> _bodies = Channel.CreateUnbounded<string>();

    public WebhookListener()
    {
        Url = $"http://127.0.0.1:{FreePort.Get()}/hook/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public string Url { get; }

    public async Task<string> NextAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        return await _bodies.Reader.ReadAsync(cts.Token);
    }

    public void Dispose() => _listener.Close();

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }

            using (var reader = new StreamReader(context.Request.InputStream))
            {
                await _bodies.Writer.WriteAsync(await reader.ReadToEndAsync());
            }

            context.Response.StatusCode = 200;
            context.Response.Close();
        }
    }
}
