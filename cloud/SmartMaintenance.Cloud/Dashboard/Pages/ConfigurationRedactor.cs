using System.Data.Common;
using System.Text.RegularExpressions;

namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>
/// Hides secrets in configuration values before the System page shows them. A secret can sit in the whole value
/// (a key named like a password or key), inside a connection string (Password=...), in a URL's user info
/// (postgres://user:password@host), in its query (?token=...) or in its path: a Slack incoming-webhook URL is
/// https://hooks.slack.com/services/T…/B…/secret, so anyone holding the path can post to the channel.
/// </summary>
public static partial class ConfigurationRedactor
{
    public const string Redacted = "••••••";

    public static string Redact(string key, string value)
    {
        if (value.Length == 0)
        {
            return value;
        }

        if (SecretKey().IsMatch(key))
        {
            return Redacted;
        }

        if (value.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(value, UriKind.Absolute, out var uri))
        {
            return RedactUrl(key, uri);
        }

        if (key.StartsWith("ConnectionStrings:", StringComparison.OrdinalIgnoreCase) || ConnectionStringSecret().IsMatch(value))
        {
            return RedactConnectionString(value);
        }

        return value;
    }

    private static string RedactUrl(string key, Uri uri)
    {
        var host = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";
        var user = uri.UserInfo.Length == 0 ? "" : Uri.UnescapeDataString(uri.UserInfo.Split(':')[0]) + (uri.UserInfo.Contains(':') ? ":" + Redacted : "") + "@";
        // Webhook URLs are credentials in themselves (the path is the secret): keep only where they point.
        if (WebhookKey().IsMatch(key) || uri.Host.StartsWith("hooks.", StringComparison.OrdinalIgnoreCase))
        {
            return $"{uri.Scheme}://{user}{host}/{Redacted}";
        }

        if (uri.UserInfo.Length == 0 && uri.Query.Length <= 1)
        {
            return uri.OriginalString;
        }

        var query = uri.Query.Length > 1 ? "?" + Redacted : "";
        return $"{uri.Scheme}://{user}{host}{uri.AbsolutePath}{query}";
    }

    private static string RedactConnectionString(string value)
    {
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = value };
            foreach (var k in builder.Keys.Cast<string>().ToList())
            {
                if (SecretKey().IsMatch(k) || k.Equals("pwd", StringComparison.OrdinalIgnoreCase))
                {
                    builder[k] = Redacted;
                }
            }

            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            // Not parseable: it may still hold the password somewhere, so none of it is shown.
            return Redacted;
        }
    }

    [GeneratedRegex("password|passwd|secret|apikey|api_key|api-key|bootstrapkey|token|hash|credential|(^|:)key$|accesskey|privatekey|signature", RegexOptions.IgnoreCase)]
    private static partial Regex SecretKey();

    [GeneratedRegex("webhook|hookurl|callback", RegexOptions.IgnoreCase)]
    private static partial Regex WebhookKey();

    [GeneratedRegex(@"(^|;)\s*(password|pwd|user\s*password|secret|api\s*key|account\s*key|shared\s*access\s*key)\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionStringSecret();
}
