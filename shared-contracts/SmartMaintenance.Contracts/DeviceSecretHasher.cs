using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SmartMaintenance.Contracts;

/// <summary>
/// PBKDF2-HMAC-SHA256 hashes of device secrets, one format shared by the cloud (which provisions devices) and
/// the broker (which verifies logins), stored as "pbkdf2-sha256$iterations$salt$hash" (base64).
/// 100,000 iterations: slow enough for a stolen file, fast enough that a fleet reconnecting after a power
/// dip is not throttled by the CPU (verified secrets are also cached, see DeviceRegistry).
/// </summary>
public static class DeviceSecretHasher
{
    public const int DefaultIterations = 100_000;
    private const string Scheme = "pbkdf2-sha256";

    public static string Hash(string secret, int iterations = DefaultIterations)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, 32);
        return string.Join('$', Scheme, iterations.ToString(CultureInfo.InvariantCulture),
            Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    public static bool Verify(string secret, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations < 1)
        {
            return false;
        }

        try
        {
            var salt = Convert.FromBase64String(parts[2]);
            var expected = Convert.FromBase64String(parts[3]);
            var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(secret), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
            return CryptographicOperations.FixedTimeEquals(actual, expected);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>A new random secret: 32 bytes, URL-safe base64 (43 characters).</summary>
    public static string NewSecret() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
