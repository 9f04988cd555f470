#nullable disable
using System;
using System.Net.Http;
using System.Net.Http.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using SmartMaintenance.Firmware.Core.Network;

namespace SmartMaintenance.Firmware.Adapters
{
    /// <summary>
    /// HTTP fallback with nanoFramework's synchronous System.Net.Http.HttpClient: POST the batch to
    /// /api/v1/data/ingest/batch with the x-api-key header, trusting the provisioned CA for https. One client
    /// per post, disposed with its response (sockets are scarce), on its own thread cut at the timeout.
    /// MediaTypeHeaderValue lives in System.Net.Http.Http.Headers in nanoFramework.System.Net.Http 1.5.
    /// </summary>
    internal sealed class HttpClientUplink : IHttpUplink
    {
        private readonly string _url;
        private readonly string _apiKey;
        private readonly X509Certificate _ca;
        private readonly int _timeoutMs;
        private byte[] _content;
        private int _status;
        /// <summary>1 while a post runs on its thread (also after the caller stopped waiting for it).</summary>
        private int _busy;

        public HttpClientUplink(string cloudUrl, string apiKey, string caPem, int timeoutMs)
        {
            _url = cloudUrl + "/api/v1/data/ingest/batch";
            _apiKey = apiKey;
            _ca = caPem == null ? null : new X509Certificate(caPem);
            _timeoutMs = timeoutMs;
        }

        public int Post(byte[] body, int length)
        {
            if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
            {
                // The previous post overran its timeout and is still running: do not start a second one.
                return -1;
            }

            _content = new byte[length];
            Array.Copy(body, 0, _content, 0, length);
            _status = -1;
            if (!BlockingCall.Run(PostNow, _timeoutMs))
            {
                Console.WriteLine("http: no answer within " + _timeoutMs.ToString() + " ms");
                return -1;
            }

            return _status;
        }

        private void PostNow()
        {
            try
            {
                using (HttpClient client = new HttpClient())
                {
                    client.Timeout = TimeSpan.FromMilliseconds(_timeoutMs);
                    client.DefaultRequestHeaders.Add("x-api-key", _apiKey);
                    if (_ca != null)
                    {
                        client.HttpsAuthentCert = _ca;
                    }

                    ByteArrayContent payload = new ByteArrayContent(_content);
                    payload.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    using (HttpResponseMessage response = client.Post(_url, payload))
                    {
                        _status = (int)response.StatusCode;
                    }
                }
            }
            catch (Exception ex)
            {
                Console.WriteLine("http: " + ex.Message);
            }
            finally
            {
                Interlocked.Exchange(ref _busy, 0);
            }
        }
    }
}
