// Mirrors nanoFramework.System.Net.Http 1.5.209: System.Net.Http.HttpClient (Http/HttpClient.cs) and its base
// HttpMessageInvoker (Http/HttpMessageInvoker.cs).
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;

namespace System.Net.Http
{
    public class HttpMessageInvoker : IDisposable
    {
        public void Dispose()
        {
            throw null;
        }
    }

    public partial class HttpClient : HttpMessageInvoker
    {
        public HttpClient()
        {
        }

        public HttpRequestHeaders DefaultRequestHeaders
        {
            get { throw null; }
        }

        public TimeSpan Timeout
        {
            get { throw null; }
            set { throw null; }
        }

        public X509Certificate HttpsAuthentCert
        {
            get { throw null; }
            set { throw null; }
        }

        public HttpResponseMessage Post(string requestUri, HttpContent content)
        {
            throw null;
        }
    }
}
