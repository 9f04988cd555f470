namespace SmartMaintenance.Cloud.Ml.Artifacts;

/// <summary>
/// Any S3-compatible endpoint (AWS, MinIO, s3rver...). Credentials come from configuration or the environment,
/// never from the repository.
/// </summary>
public sealed class S3ArtifactStoreOptions
{
    /// <summary>e.g. http://127.0.0.1:4568; empty = AWS with the region below.</summary>
    public string? ServiceUrl { get; set; }
    public string Region { get; set; } = "us-east-1";
    public string Bucket { get; set; } = "smartmaintenance-models";
    public string Prefix { get; set; } = "models/";
    public string? AccessKey { get; set; }
    public string? SecretKey { get; set; }

    /// <summary>Path-style URLs (http://host/bucket/key): what S3-compatible servers expect.</summary>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>Every problem at once, each named by its configuration key under <paramref name="section"/>.</summary>
    public IEnumerable<string> Validate(string section = "S3")
    {
        if (!string.IsNullOrWhiteSpace(ServiceUrl)
            && !(Uri.TryCreate(ServiceUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && url.Query.Length == 0 && url.Fragment.Length == 0))
            yield return $"{section}:ServiceUrl must be an absolute http:// or https:// URL without query, not '{ServiceUrl}'.";
        if (string.IsNullOrWhiteSpace(Region))
            yield return $"{section}:Region must not be empty.";
        else if (string.IsNullOrWhiteSpace(ServiceUrl) && !Amazon.RegionEndpoint.EnumerableAllRegions.Any(r => r.SystemName == Region))
            yield return $"{section}:Region '{Region}' is not an AWS region; with another S3-compatible server set {section}:ServiceUrl.";
        if (!IsBucketName(Bucket))
            yield return $"{section}:Bucket must be 3-63 lowercase letters, digits, '.' or '-', starting and ending with a letter or digit, not '{Bucket}'.";
        if (Prefix.StartsWith('/'))
            yield return $"{section}:Prefix must not start with '/' (object keys are relative to the bucket), not '{Prefix}'.";

        // Half a credential pair would silently fall back to the SDK's default credential chain.
        var access = !string.IsNullOrEmpty(AccessKey);
        var secret = !string.IsNullOrEmpty(SecretKey);
        if (access && !secret)
            yield return $"{section}:AccessKey is set but {section}:SecretKey is not (set both, the secret from the environment, or neither for the SDK's credential chain).";
        if (secret && !access)
            yield return $"{section}:SecretKey is set but {section}:AccessKey is not (set both, or neither for the SDK's credential chain).";
    }

    /// <summary>The S3 bucket naming rules (AWS S3 User Guide, "Bucket naming rules"), without the rarer reserved prefixes.</summary>
    private static bool IsBucketName(string? name) =>
        name is { Length: >= 3 and <= 63 }
        && name.All(ch => ch is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-')
        && char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1])
        && !name.Contains("..", StringComparison.Ordinal);
}
