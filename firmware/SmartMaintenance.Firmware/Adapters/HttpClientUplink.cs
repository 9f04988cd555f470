#nullable disable
using System;
using System.Net.Http;
using SmartMaintenance.Firmware.Core.Network;

namespace SmartMaintenance.Firmware.Adapters
{
    /// <summary>
    /// HTTP fallback with nanoFramework's synchronous System.Net.Http.HttpClient: POST the batch to
    /// /api/v1/data/ingest/batch with the x-api-key header; every response is disposed (sockets are scarce).
    /// </summary>
    internal sealed class HttpClientUplink : IHttpUplink
    {
        private readonly HttpClient _client;
        private readonly string _url;

        public HttpClientUplink(string cloudUrl, string apiKey)
        {
            _client = new HttpClient();
            _client.Timeout = TimeSpan.FromSeconds(15);
            _client.DefaultRequestHeaders.Add("x-api-key", apiKey);
            _url = cloudUrl + "/api/v1/data/ingest/batch";
        }

        public int Post(byte[] body, int length)
        {
            byte[] content = new byte[length];
            Array.Copy(body, 0, content, 0, length);
            try
            {
                ByteArrayContent payload = new ByteArrayContent(content);
                payload.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                using (HttpResponseMessage response = _client.Post(_url, payload))
                {
                    return (int)response.StatusCode;
                }
            }
            catch (Exception ex)
            {
                Console.WriteLine("http: " + ex.Message);
                return -1;
            }
        }
    }
}
