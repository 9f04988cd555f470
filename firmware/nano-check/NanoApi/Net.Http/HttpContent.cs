// Mirrors nanoFramework.System.Net.Http 1.5.209: HttpContent, ByteArrayContent, HttpResponseMessage (Http/*.cs)
// and System.Net.HttpStatusCode (Http/System.Net.HttpStatusCode.cs; only cast to int here, no value declared).
using System.Net.Http.Headers;

namespace System.Net.Http
{
    public abstract class HttpContent : IDisposable
    {
        public HttpContentHeaders Headers
        {
            get { throw null; }
        }

        public void Dispose()
        {
            throw null;
        }
    }

    public class ByteArrayContent : HttpContent
    {
        public ByteArrayContent(byte[] content)
        {
        }
    }

    public class HttpResponseMessage : IDisposable
    {
        public HttpStatusCode StatusCode
        {
            get { throw null; }
        }

        public void Dispose()
        {
            throw null;
        }
    }
}

namespace System.Net
{
    public enum HttpStatusCode
    {
    }
}
