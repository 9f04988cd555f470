using System.ComponentModel.DataAnnotations;

namespace SmartMaintenance.Cloud.Security;

/// <summary>CORS origins and request size limits.</summary>
public sealed class HttpSecurityOptions
{
    public const string Section = "Cloud:Http";

    /// <summary>Browser origins allowed to call the API (none by default: no CORS headers are sent).</summary>
    public string[] CorsOrigins { get; set; } = [];

    /// <summary>Largest JSON body (after decompression) of the ingest, device and admin endpoints.</summary>
    [Range(1024, 256L * 1024 * 1024, ErrorMessage = "Cloud:Http:MaxJsonBodyBytes must be 1 KiB-256 MiB.")]
    public long MaxJsonBodyBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Largest CSV upload; the file is streamed, never held in memory whole.</summary>
    [Range(1024, 64L * 1024 * 1024 * 1024, ErrorMessage = "Cloud:Http:MaxCsvBodyBytes must be 1 KiB-64 GiB.")]
    public long MaxCsvBodyBytes { get; set; } = 1024L * 1024 * 1024;
}
