using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SmartMaintenance.EdgeBroker.Outbox;

namespace SmartMaintenance.EdgeBroker.Forwarding;

/// <summary>
/// The IngestBatch JSON body ({"broker_id","batch_id","items":[...]}) written straight from the outbox records,
/// which are already serialized IngestBatchItem objects, then gzip-compressed once for all retries of the batch.
/// </summary>
internal static class BatchBody
{
    public static byte[] Gzip(string brokerId, string batchId, List<OutboxEntry> entries)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write("{\"broker_id\":"u8);
            gzip.Write(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(brokerId)));
            gzip.Write(",\"batch_id\":"u8);
            gzip.Write(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(batchId)));
            gzip.Write(",\"items\":["u8);
            for (var i = 0; i < entries.Count; i++)
            {
                if (i > 0)
                {
                    gzip.WriteByte((byte)',');
                }

                gzip.Write(entries[i].Payload);
            }

            gzip.Write("]}"u8);
        }

        return buffer.ToArray();
    }

    public static ByteArrayContent Content(byte[] gzipped)
    {
        var content = new ByteArrayContent(gzipped);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        content.Headers.ContentEncoding.Add("gzip");
        return content;
    }
}
