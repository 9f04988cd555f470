using System.Text.Json;
using SmartMaintenance.Contracts;

namespace SmartMaintenance.Cloud.Ingestion;

/// <summary>
/// Parses an <see cref="IngestBatch"/> so that one malformed item (a string where a number belongs, a missing
/// object) is refused alone: the fast path deserializes the whole batch; only when that fails is each item
/// deserialized on its own from a <see cref="JsonDocument"/>.
/// </summary>
internal sealed class BatchParser
{
    private JsonDocument? _document;

    private BatchParser(string batchId, List<(IngestBatchItem, string?)> items, IResult? problem)
    {
        BatchId = batchId;
        Items = items;
        Problem = problem;
    }

    public string BatchId { get; }

    /// <summary>Each item with the reason it could not be read (null when it was read).</summary>
    public List<(IngestBatchItem Item, string? Error)> Items { get; }

    /// <summary>Set when the body as a whole is unusable (not JSON, not an object, no items array).</summary>
    public IResult? Problem { get; }

    /// <summary>The request's body (a pooled buffer that lives as long as the request: see RequestBody.ReadPooledAsync).</summary>
    private ReadOnlyMemory<byte>? Body { get; init; }

    public static BatchParser Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            var batch = JsonSerializer.Deserialize(body.Span, ContractsJsonContext.Default.IngestBatch);
            if (batch is null)
            {
                return Fail(RequestBody.JsonProblem("$", "The body must be a JSON object."));
            }

            if (batch.Items is null || batch.Items.Any(i => i is null))
            {
                // "items": null, or a null item: the item-by-item path says which.
                return ParseItemByItem(body);
            }

            return new BatchParser(batch.BatchId ?? "", [.. batch.Items.Select(i => (i, (string?)null))], null) { Body = body };
        }
        catch (Exception ex) when (IsInputError(ex))
        {
            return ParseItemByItem(body);
        }
    }

    /// <summary>The item's JSON text for the dead-letter table.</summary>
    public string? RawItem(int index)
    {
        if (Body is null)
        {
            return null;
        }

        _document ??= JsonDocument.Parse(Body.Value);
        // The raw bytes, decoded leniently: GetRawText throws on invalid UTF-8 inside a string (found by fuzzing, it
        // turned the refusal of one item into a 500 for the batch); Encoding.UTF8 replaces such bytes with U+FFFD.
        return _document.RootElement.TryGetProperty("items", out var items) && index < items.GetArrayLength()
            ? System.Text.Encoding.UTF8.GetString(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(items[index]))
            : null;
    }

    private static BatchParser ParseItemByItem(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (Exception ex) when (IsInputError(ex))
        {
            return Fail(RequestBody.JsonProblem((ex as JsonException)?.Path, ex.Message));
        }

        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return Fail(RequestBody.JsonProblem("$.items", "The body must be an object with an 'items' array."));
        }

        var batchId = root.TryGetProperty("batch_id", out var id) ? LenientString(id) ?? "" : "";
        var list = new List<(IngestBatchItem, string?)>(items.GetArrayLength());
        var index = 0;
        foreach (var element in items.EnumerateArray())
        {
            // Keep what identifies the item so the broker can match the result to its outbox entry.
            var device = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("device_id", out var d) ? LenientString(d) ?? "" : "";
            var sequence = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("sequence", out var s) && s.TryGetInt64(out var n) ? n : 0;
            try
            {
                list.Add(element.Deserialize(ContractsJsonContext.Default.IngestBatchItem) is { } item
                    ? (item, null)
                    : (new IngestBatchItem { DeviceId = device, Sequence = sequence }, $"items[{index}] is null"));
            }
            catch (Exception ex) when (IsInputError(ex))
            {
                var path = ex is JsonException json ? json.Path : null;
                list.Add((new IngestBatchItem { DeviceId = device, Sequence = sequence },
                    $"items[{index}].{RequestBody.FieldOf(path)} has the wrong type or format"));
            }

            index++;
        }

        return new BatchParser(batchId, list, null) { Body = body, _document = document };
    }

    private static BatchParser Fail(IResult problem) => new("", [], problem);

    /// <summary>
    /// A string value, or null when the element is not a string. GetString throws on invalid UTF-8 inside the string,
    /// which JsonDocument.Parse accepts (found by fuzzing: a device id with a 0xFF byte answered 500 for the whole
    /// batch); such a value is then decoded leniently (U+FFFD for each bad byte), enough to name the refused item.
    /// </summary>
    private static string? LenientString(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return element.GetString();
        }
        catch (InvalidOperationException)
        {
            var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element);
            return System.Text.Encoding.UTF8.GetString(raw[1..^1]);
        }
    }

    /// <summary>
    /// What malformed input can make System.Text.Json throw (JsonException, and the format and range errors of a
    /// converter that reach the caller unwrapped): an answer about the input, never a 500.
    /// </summary>
    private static bool IsInputError(Exception ex) =>
        ex is JsonException or FormatException or OverflowException or ArgumentException or InvalidOperationException or NotSupportedException;
}
