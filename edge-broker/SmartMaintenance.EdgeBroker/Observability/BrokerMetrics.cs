using System.Globalization;
using System.Text;

namespace SmartMaintenance.EdgeBroker.Observability;

/// <summary>
/// Broker counters, read by the /metrics endpoint (Prometheus text format) and by tests. Plain interlocked
/// longs: the publish path only increments, it never allocates for a metric.
/// </summary>
public sealed class BrokerMetrics
{
    private long _connectionsAccepted;
    private long _connectionsRefused;
    private long _messagesIn;
    private long _messagesInvalid;
    private long _aclDenied;
    private long _forwarded;
    private long _forwardFailures;
    private long _queueDepth;
    private long _connected;

    public long ConnectionsAccepted => Interlocked.Read(ref _connectionsAccepted);
    public long ConnectionsRefused => Interlocked.Read(ref _connectionsRefused);
    public long MessagesIn => Interlocked.Read(ref _messagesIn);
    public long MessagesInvalid => Interlocked.Read(ref _messagesInvalid);
    public long AclDenied => Interlocked.Read(ref _aclDenied);
    public long Forwarded => Interlocked.Read(ref _forwarded);
    public long ForwardFailures => Interlocked.Read(ref _forwardFailures);
    public long QueueDepth => Interlocked.Read(ref _queueDepth);
    public long Connected => Interlocked.Read(ref _connected);

    public void ConnectionAccepted() { Interlocked.Increment(ref _connectionsAccepted); Interlocked.Increment(ref _connected); }
    public void Disconnected() => Interlocked.Decrement(ref _connected);
    public void ConnectionRefused() => Interlocked.Increment(ref _connectionsRefused);
    public void MessageIn() => Interlocked.Increment(ref _messagesIn);
    public void MessageInvalid() => Interlocked.Increment(ref _messagesInvalid);
    public void AclDenial() => Interlocked.Increment(ref _aclDenied);
    public void ForwardedItems(int count) => Interlocked.Add(ref _forwarded, count);
    public void ForwardFailure() => Interlocked.Increment(ref _forwardFailures);
    public void QueueChanged(long delta) => Interlocked.Add(ref _queueDepth, delta);

    public string ToPrometheusText()
    {
        var text = new StringBuilder();
        Append(text, "sm_broker_connected_devices", "gauge", "Devices connected now.", Connected);
        Append(text, "sm_broker_connections_accepted_total", "counter", "Connections accepted.", ConnectionsAccepted);
        Append(text, "sm_broker_connections_refused_total", "counter", "Connections refused (auth).", ConnectionsRefused);
        Append(text, "sm_broker_messages_in_total", "counter", "Publishes received from devices.", MessagesIn);
        Append(text, "sm_broker_messages_invalid_total", "counter", "Publishes refused by ingress validation.", MessagesInvalid);
        Append(text, "sm_broker_acl_denied_total", "counter", "Publishes or subscriptions refused by the topic ACL.", AclDenied);
        Append(text, "sm_broker_forwarded_total", "counter", "Readings accepted by the cloud.", Forwarded);
        Append(text, "sm_broker_forward_failures_total", "counter", "Failed forward attempts (retried).", ForwardFailures);
        Append(text, "sm_broker_queue_depth", "gauge", "Readings waiting to be forwarded.", QueueDepth);
        return text.ToString();
    }

    private static void Append(StringBuilder text, string name, string type, string help, long value)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        text.Append(name).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }
}
