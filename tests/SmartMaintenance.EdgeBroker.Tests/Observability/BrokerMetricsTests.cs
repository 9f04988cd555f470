using SmartMaintenance.Contracts.Wire;
using SmartMaintenance.EdgeBroker.Observability;

namespace SmartMaintenance.EdgeBroker.Tests.Observability;

/// <summary>The Prometheus text of the forwarder's figures: messages out by kind, batch round trips as a histogram.</summary>
public sealed class BrokerMetricsTests
{
    [Fact]
    public void BatchForwarded_SeveralRoundTrips_FillsCumulativeBucketsSumAndCount()
    {
        var metrics = new BrokerMetrics();

        foreach (var ms in new[] { 3, 40, 40, 700, 45_000 })
        {
            metrics.BatchForwarded([1, 0, 0], 1, 0, TimeSpan.FromMilliseconds(ms));
        }

        var text = metrics.ToPrometheusText();
        Assert.Contains("# TYPE sm_broker_forward_batch_seconds histogram\n", text);
        Assert.Contains("sm_broker_forward_batch_seconds_bucket{le=\"0.005\"} 1\n", text);
        Assert.Contains("sm_broker_forward_batch_seconds_bucket{le=\"0.025\"} 1\n", text);
        Assert.Contains("sm_broker_forward_batch_seconds_bucket{le=\"0.05\"} 3\n", text);
        Assert.Contains("sm_broker_forward_batch_seconds_bucket{le=\"0.5\"} 3\n", text);
        Assert.Contains("sm_broker_forward_batch_seconds_bucket{le=\"1\"} 4\n", text);
        Assert.Contains("sm_broker_forward_batch_seconds_bucket{le=\"30\"} 4\n", text);
        Assert.Contains("sm_broker_forward_batch_seconds_bucket{le=\"+Inf\"} 5\n", text);
        Assert.Contains("sm_broker_forward_batch_seconds_count 5\n", text);
        Assert.Contains("sm_broker_forward_batch_seconds_sum 45.783\n", text);
        Assert.DoesNotContain("sm_broker_forward_batch_last_seconds", text);
    }

    [Fact]
    public void BatchForwarded_ByKind_IsLabeledPerKindAndTotalled()
    {
        var metrics = new BrokerMetrics();

        metrics.BatchForwarded([5, 2, 1], 8, 1, TimeSpan.FromMilliseconds(10));
        metrics.BatchForwarded([1, 0, 3], 4, 0, TimeSpan.FromMilliseconds(10));

        var text = metrics.ToPrometheusText();
        Assert.Contains("sm_broker_messages_out_total{kind=\"reading\"} 6\n", text);
        Assert.Contains("sm_broker_messages_out_total{kind=\"anomaly\"} 2\n", text);
        Assert.Contains("sm_broker_messages_out_total{kind=\"summary\"} 4\n", text);
        Assert.Equal(12, metrics.Forwarded);
        Assert.Equal(1, metrics.ForwardRejected);
        Assert.Equal(2, metrics.ForwardedOf(MessageKinds.Anomaly));
    }
}
