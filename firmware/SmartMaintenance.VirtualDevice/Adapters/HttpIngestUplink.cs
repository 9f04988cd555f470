using System.Net.Http.Headers;
using SmartMaintenance.Firmware.Core.Network;

namespace SmartMaintenance.VirtualDevice.Adapters;

/// <summary>The HTTP fallback: POST the batch to the cloud's /api/v1/data/ingest/batch with the API key.</summary>
internal sealed class HttpIngestUplink(HttpClient client, Uri cloud, string apiKey) : IHttpUplink
{
    public int Post(byte[] body, int length)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(cloud, "/api/v1/data/ingest/batch"));
        request.Headers.Add("x-api-key", apiKey);
        request.Content = new ByteArrayContent(body, 0, length);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        try
        {
            using var response = client.Send(request);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return -1;
        }
        catch (TaskCanceledException)
        {
            return -1;
        }
    }
}
