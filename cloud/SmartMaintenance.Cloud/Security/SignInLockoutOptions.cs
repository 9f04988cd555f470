using System.ComponentModel.DataAnnotations;

namespace SmartMaintenance.Cloud.Security;

/// <summary>
/// Cloud:Dashboard:Lockout — backoff after failed dashboard sign-ins, per account and per client address. After
/// <see cref="AccountFailures"/> failures of one user name (or <see cref="AddressFailures"/> from one address, any
/// names) within <see cref="Window"/>, further attempts are refused without checking the password for
/// <see cref="FirstLockout"/>; each further lockout in a row doubles it, up to <see cref="MaxLockout"/>.
/// </summary>
public sealed class SignInLockoutOptions
{
    public const string Section = "Cloud:Dashboard:Lockout";

    [Range(1, 1000, ErrorMessage = "Cloud:Dashboard:Lockout:AccountFailures must be 1-1000.")]
    public int AccountFailures { get; set; } = 5;

    /// <summary>Higher than per account: several people may sign in from behind one address (NAT, proxy).</summary>
    [Range(1, 100_000, ErrorMessage = "Cloud:Dashboard:Lockout:AddressFailures must be 1-100000.")]
    public int AddressFailures { get; set; } = 20;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Cloud:Dashboard:Lockout:Window must be 1 s to 1 day.")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Cloud:Dashboard:Lockout:FirstLockout must be 1 s to 1 day.")]
    public TimeSpan FirstLockout { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00", ErrorMessage = "Cloud:Dashboard:Lockout:MaxLockout must be 1 s to 7 days.")]
    public TimeSpan MaxLockout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Accounts and addresses tracked at most (bounded memory under a spray of names); expired ones go first.</summary>
    [Range(100, 10_000_000, ErrorMessage = "Cloud:Dashboard:Lockout:MaxTracked must be 100-10000000.")]
    public int MaxTracked { get; set; } = 100_000;
}
