using Microsoft.Extensions.Options;

namespace SmartMaintenance.EdgeBroker.Forwarding;

/// <summary>
/// The cloud instances the batch forwarder spreads over (Broker:Cloud:BaseUrl and Broker:Cloud:BaseUrls): each attempt
/// takes the next one in turn that is not backing off; an instance that failed (no answer, 5xx, 429...) is skipped for
/// EndpointBackoff, so its batches fail over to the others. When every instance is backing off, the one whose backoff
/// ends first is used (the forwarder's own retry delay still applies), so forwarding never waits on this list.
/// Any instance will do: the cloud de-duplicates by (device, sequence) in its shared database, so a batch retried on
/// another instance after a lost answer is answered Duplicate, not stored twice. With one URL this is that URL.
/// </summary>
public sealed class CloudEndpoints
{
    private readonly CloudEndpoint[] _endpoints;
    private readonly TimeSpan _backoff;
    private readonly TimeProvider _time;
    private int _next = -1;

    public CloudEndpoints(IOptions<CloudForwarderOptions> options, TimeProvider time)
    {
        _endpoints = [.. options.Value.EffectiveBaseUrls().Select(u => new CloudEndpoint(u))];
        _backoff = options.Value.EndpointBackoff;
        _time = time;
    }

    public IReadOnlyList<CloudEndpoint> All => _endpoints;

    /// <summary>The endpoint for the next attempt.</summary>
    public CloudEndpoint Pick()
    {
        if (_endpoints.Length == 1)
        {
            return _endpoints[0];
        }

        var now = _time.GetUtcNow();
        var start = Interlocked.Increment(ref _next);
        CloudEndpoint? soonest = null;
        for (var i = 0; i < _endpoints.Length; i++)
        {
            var candidate = _endpoints[(int)((uint)(start + i) % (uint)_endpoints.Length)];
            if (!candidate.IsBackingOff(now))
            {
                return candidate;
            }

            if (soonest is null || candidate.BackoffUntil < soonest.BackoffUntil)
            {
                soonest = candidate;
            }
        }

        return soonest!;
    }

    /// <summary>True when some endpoint is not backing off (always false with one URL: the retry delay applies).</summary>
    public bool AnyUsable()
    {
        if (_endpoints.Length == 1)
        {
            return false;
        }

        var now = _time.GetUtcNow();
        return Array.Exists(_endpoints, e => !e.IsBackingOff(now));
    }

    public void Succeeded(CloudEndpoint endpoint) => endpoint.Succeeded(_time.GetUtcNow());

    /// <summary>No answer (<paramref name="status"/> null) or an error status: skip the endpoint for EndpointBackoff.</summary>
    public void Failed(CloudEndpoint endpoint, int? status) => endpoint.Failed(status, _time.GetUtcNow(), _backoff);
}
