using System.Text;
using SmartMaintenance.Contracts.Wire;

namespace SmartMaintenance.Fuzz;

/// <summary>The MQTT topic parser of the wire contract (what every topic a client publishes or subscribes to goes through).</summary>
internal static class TopicTarget
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    public static void Run(byte[] bytes)
    {
        var topic = Utf8.GetString(bytes);
        if (TopicScheme.Parse(topic) is { } address)
        {
            // A parsed address must build back to a topic that parses the same (the broker's ACL relies on it).
            var rebuilt = TopicScheme.Build(address.Site, address.Device, address.Channel);
            var again = TopicScheme.Parse(rebuilt) ?? throw new InvalidOperationException($"'{rebuilt}' built from a parsed topic does not parse");
            if (again.Site != address.Site || again.Device != address.Device || again.Channel != address.Channel)
            {
                throw new InvalidOperationException($"'{topic}' does not round-trip");
            }
        }

        _ = TopicScheme.IsValidId(topic);
    }
}
