using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.Options;

namespace SmartMaintenance.Cloud.Security;

/// <summary>
/// Lockout with backoff for the dashboard's password sign-in (<see cref="SignInLockoutOptions"/>), per account and
/// per client address, so neither guessing one user's password nor spraying many names from one address gets more
/// than a handful of tries per window. A locked attempt is refused before the password is checked (no PBKDF2 work
/// for the attacker to spend). Hand-written rather than ASP.NET Core's rate limiter because the count must be of
/// failures, keyed by the submitted user name, and reset by a success; Identity's lockout needs its user store.
/// In memory: a restart forgets lockouts, and each instance counts on its own.
/// </summary>
public sealed partial class SignInThrottle(IOptions<SignInLockoutOptions> options, TimeProvider time, ILogger<SignInThrottle> logger) : IDisposable
{
    public const string MeterName = "SmartMaintenance.Cloud.Security";

    private readonly SignInLockoutOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Meter _meter = new(MeterName);
    private Counter<long>? _failures;
    private Counter<long>? _lockouts;
    private Counter<long>? _refused;

    private Counter<long> Failures => _failures ??= _meter.CreateCounter<long>("sm_dashboard_signin_failures", "{attempt}", "Dashboard sign-ins with a wrong user name or password.");
    private Counter<long> Lockouts => _lockouts ??= _meter.CreateCounter<long>("sm_dashboard_signin_lockouts", "{lockout}", "Dashboard sign-in lockouts started, by what was locked (account, address).");
    private Counter<long> Refused => _refused ??= _meter.CreateCounter<long>("sm_dashboard_signin_refused_locked", "{attempt}", "Dashboard sign-in attempts refused because the account or address is locked.");

    /// <summary>How long this account or address stays locked, or null when an attempt may be checked.</summary>
    public TimeSpan? LockedFor(string userName, IPAddress? address)
    {
        var now = time.GetUtcNow();
        var longest = Max(Remaining(AccountKey(userName), now), Remaining(AddressKey(address), now));
        if (longest is { } wait)
        {
            Refused.Add(1);
            LogRefusedWhileLocked(logger, Cut(userName), address?.ToString() ?? "unknown", (int)Math.Ceiling(wait.TotalSeconds));
        }

        return longest;
    }

    /// <summary>Counts a failed attempt against the account and the address; may start a lockout of either.</summary>
    public void Failed(string userName, IPAddress? address)
    {
        Failures.Add(1);
        var now = time.GetUtcNow();
        Count(AccountKey(userName), _options.AccountFailures, "account", Cut(userName), now);
        Count(AddressKey(address), _options.AddressFailures, "address", address?.ToString() ?? "unknown", now);
    }

    /// <summary>A successful sign-in clears the account's failures (the address keeps its count: it may be spraying).</summary>
    public void Succeeded(string userName) => _entries.TryRemove(AccountKey(userName), out _);

    public void Dispose() => _meter.Dispose();

    private void Count(string key, int threshold, string kind, string who, DateTimeOffset now)
    {
        if (!_entries.ContainsKey(key) && _entries.Count >= _options.MaxTracked)
        {
            Trim(now);
        }

        var entry = _entries.GetOrAdd(key, static _ => new Entry());
        TimeSpan? started = null;
        lock (entry)
        {
            if (now - entry.WindowStart > _options.Window)
            {
                entry.WindowStart = now;
                entry.Failures = 0;
                if (entry.LockedUntil + _options.Window < now)
                {
                    // A whole quiet window after the last lockout: the next one starts short again.
                    entry.Lockouts = 0;
                }
            }

            if (++entry.Failures >= threshold)
            {
                // FirstLockout, doubled per lockout in a row (at most 1 day * 2^20: no overflow), capped at MaxLockout.
                var doubled = _options.FirstLockout.Ticks * (1L << Math.Min(entry.Lockouts, 20));
                started = TimeSpan.FromTicks(Math.Min(doubled, _options.MaxLockout.Ticks));
                entry.LockedUntil = now + started.Value;
                entry.Lockouts++;
                entry.Failures = 0;
                entry.WindowStart = now;
            }
        }

        if (started is { } duration)
        {
            Lockouts.Add(1, new KeyValuePair<string, object?>("kind", kind));
            LogLockout(logger, kind, who, (int)Math.Ceiling(duration.TotalSeconds));
        }
    }

    private TimeSpan? Remaining(string key, DateTimeOffset now)
    {
        if (!_entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        lock (entry)
        {
            return entry.LockedUntil > now ? entry.LockedUntil - now : null;
        }
    }

    /// <summary>Drops entries neither locked nor inside their window; if that frees nothing, starts over (bounded memory).</summary>
    private void Trim(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries)
        {
            bool stale;
            lock (entry)
            {
                stale = entry.LockedUntil <= now && now - entry.WindowStart > _options.Window;
            }

            if (stale)
            {
                _entries.TryRemove(key, out _);
            }
        }

        if (_entries.Count >= _options.MaxTracked)
        {
            _entries.Clear();
        }
    }

    private static TimeSpan? Max(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static string AccountKey(string userName) => "u:" + userName.ToUpperInvariant();

    private static string AddressKey(IPAddress? address) => "a:" + (address?.ToString() ?? "unknown");

    private static string Cut(string text) => text.Length > 64 ? text[..64] : text;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard sign-in lockout: {Kind} {Who} locked for {Seconds} s after repeated failures")]
    private static partial void LogLockout(ILogger logger, string kind, string who, int seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard sign-in refused while locked: user name {UserName} from {Address}, {Seconds} s left")]
    private static partial void LogRefusedWhileLocked(ILogger logger, string userName, string address, int seconds);

    private sealed class Entry
    {
        public int Failures;
        public int Lockouts;
        public DateTimeOffset WindowStart;
        public DateTimeOffset LockedUntil;
    }
}
