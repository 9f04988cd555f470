using System.Text.Json.Serialization;

namespace SmartMaintenance.Cloud.Storage.DeadLetters;

/// <summary>Rejected input kept with its reason, so nothing refused disappears silently.</summary>
public interface IDeadLetterStore
{
    Task AddAsync(IReadOnlyList<DeadLetter> letters, CancellationToken cancellationToken);

    Task<IReadOnlyList<DeadLetter>> ListAsync(int limit, CancellationToken cancellationToken);
}

/// <summary>One refused item: where it came from (ingest, batch, csv, broker-events), why, and what it was.</summary>
public sealed record DeadLetter(
    [property: JsonPropertyName("received_at")] DateTimeOffset ReceivedAt,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("payload")] string? Payload,
    [property: JsonPropertyName("id")] long Id = 0);
