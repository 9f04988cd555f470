// Mirrors nanoFramework.System.Net.Http 1.5.209: the header types. HttpHeaders, HttpRequestHeaders and
// HttpContentHeaders are in System.Net.Http.Headers (Http/Headers/*.cs), but MediaTypeHeaderValue is declared
// in System.Net.Http.Http.Headers (Http/Headers/MediaTypeHeaderValue.cs) - the namespace the firmware must use.
using System.Net.Http.Http.Headers;

namespace System.Net.Http.Headers
{
    public abstract class HttpHeaders
    {
        public void Add(string name, string value)
        {
            throw null;
        }
    }

    public sealed class HttpRequestHeaders : HttpHeaders
    {
    }

    public sealed class HttpContentHeaders : HttpHeaders
    {
        public MediaTypeHeaderValue ContentType
        {
            get { throw null; }
            set { throw null; }
        }
    }
}

namespace System.Net.Http.Http.Headers
{
    public class MediaTypeHeaderValue
    {
        public MediaTypeHeaderValue(string mediaType)
        {
        }
    }
}
