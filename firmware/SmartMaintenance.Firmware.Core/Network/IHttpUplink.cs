#nullable disable
namespace SmartMaintenance.Firmware.Core.Network
{
    /// <summary>
    /// POSTs a JSON batch to the cloud ingest API (/api/v1/data/ingest/batch) when the broker stays unreachable.
    /// The adapter owns the URL and the API key header.
    /// </summary>
    public interface IHttpUplink
    {
        /// <summary>Posts body[0..length); returns the HTTP status code, or -1 when no answer came.</summary>
        int Post(byte[] body, int length);
    }
}
