using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace SmartMaintenance.Cloud.Ml.Artifacts;

/// <summary>
/// Model artifacts in an S3 bucket. Over plain HTTP, SDK v4 would upload with aws-chunked framing and a
/// trailing checksum, which some S3-compatible servers store verbatim as the object while answering 200; so
/// chunked encoding is off on puts and checksums are computed only when an operation requires them. The
/// registry checks every artifact's SHA-256 on load, so a server that still mangles bytes is caught.
/// </summary>
public sealed class S3ArtifactStore : IArtifactStore, IDisposable
{
    private readonly AmazonS3Client _client;
    private readonly S3ArtifactStoreOptions _options;

    public S3ArtifactStore(S3ArtifactStoreOptions options)
    {
        _options = options;
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            AuthenticationRegion = options.Region,
        };
        if (!string.IsNullOrWhiteSpace(options.ServiceUrl))
        {
            config.ServiceURL = options.ServiceUrl;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        }

        _client = string.IsNullOrEmpty(options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }

    public async Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _client.PutBucketAsync(new PutBucketRequest { BucketName = _options.Bucket }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
            // Already there: nothing to do.
        }
    }

    public async Task<string> PutAsync(string key, byte[] content, CancellationToken cancellationToken)
    {
        var objectKey = _options.Prefix + key;
        using var body = new MemoryStream(content, writable: false);
        await _client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _options.Bucket,
            Key = objectKey,
            InputStream = body,
            UseChunkEncoding = false,
            ContentType = "application/zip",
        }, cancellationToken);
        return $"s3://{_options.Bucket}/{objectKey}";
    }

    public async Task<byte[]> GetAsync(string uri, CancellationToken cancellationToken)
    {
        var parsed = new Uri(uri);
        if (parsed.Scheme != "s3")
        {
            throw new ArgumentException($"'{uri}' is not an s3:// URI; this registry's artifacts are in an S3 store.", nameof(uri));
        }

        using var response = await _client.GetObjectAsync(parsed.Host, parsed.AbsolutePath.TrimStart('/'), cancellationToken);
        using var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy, cancellationToken);
        return copy.ToArray();
    }

    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = _options.Bucket, MaxKeys = 1 }, cancellationToken);
            return true;
        }
        catch (AmazonServiceException)
        {
            return false;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    public void Dispose() => _client.Dispose();
}
