using System.Text;

namespace SmartMaintenance.Cloud.Agents.Bus.JetStream;

/// <summary>
/// Names on the server. A subscription "ReadingReceived->ValidationAgent" becomes the token
/// "ReadingReceived_ValidationAgent": stream sm_ReadingReceived_ValidationAgent, subjects sm.ReadingReceived_ValidationAgent.{partition},
/// durable consumer p{partition}, lease key leases.ReadingReceived_ValidationAgent.{partition} in bucket sm_leases.
/// </summary>
internal sealed class JetStreamNames(string prefix)
{
    public string Bucket => $"{prefix}_leases";

    public static string Token(string subscription) => Sanitize(subscription.Replace("->", "_", StringComparison.Ordinal));

    public string Stream(Subscription subscription) => $"{prefix}_{Token(subscription.Name)}";

    public string Subjects(Subscription subscription) => $"{prefix}.{Token(subscription.Name)}.*";

    public string Subject(Subscription subscription, int partition) => $"{prefix}.{Token(subscription.Name)}.{partition}";

    public static string Consumer(int partition) => $"p{partition}";

    public static string LeaseKey(string subscription, int partition) => $"leases.{Token(subscription)}.{partition}";

    public const string InstancePrefix = "instances.";

    public static string InstanceKey(string instanceId) => InstancePrefix + Sanitize(instanceId);

    /// <summary>Keeps what stream names, subject tokens and KV keys all accept; anything else becomes '_'.</summary>
    private static string Sanitize(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            result.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        }

        return result.ToString();
    }
}
