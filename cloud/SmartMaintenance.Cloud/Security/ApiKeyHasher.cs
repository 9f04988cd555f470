using System.Security.Cryptography;
using System.Text;

namespace SmartMaintenance.Cloud.Security;

/// <summary>
/// API keys are 32 random bytes, so a plain SHA-256 is enough to store them (no dictionary to attack, unlike
/// passwords) and lets the lookup be one indexed equality on the hash.
/// </summary>
public static class ApiKeyHasher
{
    public const string Prefix = "smk_";

    public static string NewKey() =>
        Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
