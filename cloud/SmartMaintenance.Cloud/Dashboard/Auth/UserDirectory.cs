using System.Security.Claims;
using Microsoft.Extensions.Options;
using SmartMaintenance.Contracts;

namespace SmartMaintenance.Cloud.Dashboard.Auth;

/// <summary>
/// The configured dashboard users. Plain passwords from the environment are hashed once at start and then
/// dropped; every check goes through the PBKDF2 verifier, so a wrong user name costs as much as a wrong password.
/// </summary>
public sealed class UserDirectory
{
    private readonly Dictionary<string, (string Role, string Hash, string Display)> _users = new(StringComparer.OrdinalIgnoreCase);
    // Verified against when the user name is unknown, so timing does not reveal which names exist.
    private readonly string _decoy = DeviceSecretHasher.Hash(DeviceSecretHasher.NewSecret());

    public UserDirectory(IOptions<DashboardOptions> options)
    {
        foreach (var (name, user) in options.Value.Users)
        {
            var hash = user.PasswordHash ?? DeviceSecretHasher.Hash(user.Password!);
            _users[name] = (user.Role, hash, string.IsNullOrWhiteSpace(user.DisplayName) ? name : user.DisplayName);
        }
    }

    public int Count => _users.Count;

    /// <summary>The principal of a user whose password matches, or null.</summary>
    public ClaimsPrincipal? SignIn(string userName, string password)
    {
        if (!_users.TryGetValue(userName, out var user))
        {
            DeviceSecretHasher.Verify(password, _decoy);
            return null;
        }

        if (!DeviceSecretHasher.Verify(password, user.Hash))
        {
            return null;
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, userName),
                new Claim(ClaimTypes.Name, user.Display),
                new Claim(ClaimTypes.Role, user.Role),
            ],
            DashboardAuth.Scheme);
        return new ClaimsPrincipal(identity);
    }
}
