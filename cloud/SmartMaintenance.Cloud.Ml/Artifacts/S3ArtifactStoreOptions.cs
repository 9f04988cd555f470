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
}
