using System.ComponentModel.DataAnnotations;
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.EdgeBroker.Forwarding;

/// <summary>How the broker reaches the cloud (Broker:Cloud): batch ingest, registry sync, device events.</summary>
public sealed class CloudForwarderOptions : IValidatableObject
{
    public const string Section = "Broker:Cloud";

    /// <summary>Base address of the cloud, e.g. http://127.0.0.1:5000 (the first instance when BaseUrls lists more).</summary>
    public string? BaseUrl { get; set; }

    /// <summary>
    /// Further cloud instances (same database) that batches are spread over and fail over to (CloudEndpoints); BaseUrl,
    /// when set, comes first. Registry sync and device events use the first URL.
    /// </summary>
    public List<string> BaseUrls { get; set; } = [];

    /// <summary>How long the batch forwarder skips a cloud instance after it failed (while another one is usable).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan EndpointBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>API key with the ingest scope; supply it from the environment (Broker__Cloud__ApiKey), never a file in git.</summary>
    [Required(ErrorMessage = "Broker:Cloud:ApiKey is required (set Broker__Cloud__ApiKey).")]
    [MinLength(16, ErrorMessage = "Broker:Cloud:ApiKey must be at least 16 characters.")]
    public string? ApiKey { get; set; }

    /// <summary>Broker-scoped key for registry sync and device events; the ingest key when not set.</summary>
    [MinLength(16, ErrorMessage = "Broker:Cloud:BrokerApiKey must be at least 16 characters.")]
    public string? BrokerApiKey { get; set; }

    /// <summary>Name this broker reports in every batch.</summary>
    public string BrokerId { get; set; } = Environment.MachineName;

    [Range(1, WireLimits.MaxBatchSize)]
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// Batches in flight at once, one per lane; each device is hashed to one lane, so its readings stay in order.
    /// One lane means stop-and-wait: at most BatchSize readings per cloud round trip.
    /// </summary>
    [Range(1, 64, ErrorMessage = "Broker:Cloud:ForwardLanes must be 1-64.")]
    public int ForwardLanes { get; set; } = 4;

    /// <summary>Longest wait for a batch to fill before it is sent anyway.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First retry delay ceiling; doubles per attempt up to MaxRetryDelay (full jitter below it).</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan BaseRetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest wait a Retry-After header (429, 503) may ask for; a longer one is cut to this.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(5);

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a graceful shutdown keeps forwarding the backlog before it leaves the rest on disk.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the device registry and desired configs are pulled from the cloud.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan SyncInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A batch the cloud answers with a 5xx other than 502/503/504 this many times in a row is a poison-pill
    /// suspect: it is split in halves to isolate the reading the cloud cannot handle (see BatchSender).
    /// </summary>
    [Range(1, 100, ErrorMessage = "Broker:Cloud:PoisonAfterAttempts must be 1-100.")]
    public int PoisonAfterAttempts { get; set; } = 5;

    /// <summary>Attempts each half of a split batch gets before it is split again (the parent already failed).</summary>
    [Range(1, 100, ErrorMessage = "Broker:Cloud:SplitAttempts must be 1-100.")]
    public int SplitAttempts { get; set; } = 2;

    /// <summary>
    /// Records read ahead of the oldest one the cloud has not settled (kept in memory, ~0.3-1 KiB each). While one
    /// lane isolates a poison pill, the other lanes keep forwarding until this many records are in flight.
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "Broker:Cloud:ForwardWindow must be 1-1000000.")]
    public int ForwardWindow { get; set; } = 20_000;

    public string EffectiveBrokerKey => BrokerApiKey ?? ApiKey!;

    /// <summary>BaseUrl then BaseUrls, without repeats, each ending in '/' (validated at start).</summary>
    public IReadOnlyList<Uri> EffectiveBaseUrls()
    {
        var urls = new List<Uri>();
        foreach (var text in (string?[])[BaseUrl, .. BaseUrls])
        {
            if (string.IsNullOrWhiteSpace(text) || !TryParse(text, out var uri) || urls.Contains(uri))
            {
                continue;
            }

            urls.Add(uri);
        }

        return urls;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(BaseUrl) && BaseUrls.TrueForAll(string.IsNullOrWhiteSpace))
        {
            yield return new ValidationResult("Broker:Cloud:BaseUrl (or Broker:Cloud:BaseUrls) is required (the cloud's address, e.g. http://127.0.0.1:5000).",
                [nameof(BaseUrl)]);
        }

        if (!string.IsNullOrWhiteSpace(BaseUrl) && !TryParse(BaseUrl, out _))
        {
            yield return new ValidationResult("Broker:Cloud:BaseUrl must be an absolute http(s) URL.", [nameof(BaseUrl)]);
        }

        for (var i = 0; i < BaseUrls.Count; i++)
        {
            if (!TryParse(BaseUrls[i], out _))
            {
                yield return new ValidationResult($"Broker:Cloud:BaseUrls:{i} must be an absolute http(s) URL.", [nameof(BaseUrls)]);
            }
        }
    }

    private static bool TryParse(string? text, out Uri uri)
    {
        var trimmed = text?.Trim() ?? "";
        if (Uri.TryCreate(trimmed.EndsWith('/') ? trimmed : trimmed + "/", UriKind.Absolute, out var parsed)
            && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps))
        {
            uri = parsed;
            return true;
        }

        uri = null!;
        return false;
    }
}
