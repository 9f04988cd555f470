using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace SmartMaintenance.Cloud.Security;

/// <summary>Checks a presented key against the configured hashes in constant time.</summary>
internal sealed class ApiKeyValidator
{
    private readonly List<(string Name, byte[] Hash)> _keys = [];

    public ApiKeyValidator(IOptions<ApiKeyOptions> options)
    {
        var o = options.Value;
        if (!string.IsNullOrEmpty(o.BootstrapKey))
        {
            _keys.Add(("bootstrap", Hash(o.BootstrapKey)));
        }

        foreach (var (name, hex) in o.Hashed)
        {
            _keys.Add((name, Convert.FromHexString(hex)));
        }
    }

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>Returns the key's name, or null when the key is unknown.</summary>
    public string? Validate(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return null;
        }

        var hash = Hash(presented);
        string? match = null;
        foreach (var (name, expected) in _keys)
        {
            // No early exit: every key is compared, so timing does not tell which one matched.
            if (CryptographicOperations.FixedTimeEquals(hash, expected))
            {
                match = name;
            }
        }

        return match;
    }
}
