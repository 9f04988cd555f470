using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading.RateLimiting;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;
using MQTTnet.Server;
using SmartMaintenance.EdgeBroker.Observability;

namespace SmartMaintenance.EdgeBroker.Mqtt.Limits;

/// <summary>
/// The broker's TCP (and TLS) listener for MQTTnet, in place of MQTTnet's own, which has no maximum packet size (it
/// allocates whatever length a packet declares), no deadline for CONNECT and no per-address limits. Hand-written
/// because MQTTnet offers no hook between the socket and its packet reader; it builds the same MQTTnet channel
/// objects its own listener does, over a <see cref="GuardStream"/>. At accept: at most MaxConnections open and a
/// token bucket of new connections per client address (refused: the socket is closed at once).
/// </summary>
internal sealed partial class GuardedTcpServerAdapter(
    MqttBrokerOptions broker,
    ConnectionLimitsOptions limits,
    X509Certificate2? certificate,
    BrokerMetrics metrics,
    TimeProvider time,
    ILogger logger) : IMqttServerAdapter
{
    private readonly List<Socket> _listeners = [];
    private readonly PartitionedRateLimiter<IPAddress> _perAddress = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address =>
        RateLimitPartition.GetTokenBucketLimiter(address, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limits.ConnectionBurstPerAddress,
            TokensPerPeriod = limits.ConnectionsPerSecondPerAddress,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    private CancellationTokenSource? _stopping;
    private int _open;

    public Func<IMqttChannelAdapter, Task>? ClientHandler { get; set; }

    public Task StartAsync(MqttServerOptions options, IMqttNetLogger mqttLogger)
    {
        _stopping = new CancellationTokenSource();
        broker.TryGetBindAddress(out var address);
        if (broker.Port > 0)
        {
            Listen(address, broker.Port, tls: false, options, mqttLogger);
        }

        if (broker.Tls.Enabled)
        {
            Listen(address, broker.Tls.Port, tls: true, options, mqttLogger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync()
    {
        _stopping?.Cancel();
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }

        _listeners.Clear();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        StopAsync();
        _stopping?.Dispose();
        _perAddress.Dispose();
    }

    private void Listen(IPAddress address, int port, bool tls, MqttServerOptions options, IMqttNetLogger mqttLogger)
    {
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(address, port));
            listener.Listen(broker.ConnectionBacklog);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        _listeners.Add(listener);
        _ = Task.Run(() => AcceptAsync(listener, tls, options, mqttLogger, _stopping!.Token));
    }

    private async Task AcceptAsync(Socket listener, bool tls, MqttServerOptions options, IMqttNetLogger mqttLogger, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stopping);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // A connection reset before it was accepted, or out of file descriptors: keep listening.
                LogAcceptFailed(ex.SocketErrorCode.ToString());
                continue;
            }

            try
            {
                Admit(client, tls, options, mqttLogger);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                // Gone before it was admitted: drop it, keep listening.
                client.Dispose();
            }
        }
    }

    /// <summary>The checks at accept; the connection is handled on its own task. Nothing here may end the accept loop.</summary>
    private void Admit(Socket client, bool tls, MqttServerOptions options, IMqttNetLogger mqttLogger)
    {
        IPEndPoint? remote;
        try
        {
            remote = client.RemoteEndPoint as IPEndPoint;
        }
        catch (SocketException)
        {
            // Reset by the peer between accept and here (the address is then unknown).
            client.Dispose();
            return;
        }

        metrics.ConnectionOpened();
        if (Interlocked.Increment(ref _open) > limits.MaxConnections)
        {
            Refuse(client, remote, ConnectionLimit.MaxConnections, $"{limits.MaxConnections} connections open");
            return;
        }

        using (var lease = _perAddress.AttemptAcquire(remote?.Address ?? IPAddress.None))
        {
            if (!lease.IsAcquired)
            {
                Refuse(client, remote, ConnectionLimit.AddressRate,
                    $"more than {limits.ConnectionBurstPerAddress} new connections, then {limits.ConnectionsPerSecondPerAddress}/s");
                return;
            }
        }

        _ = Task.Run(() => HandleAsync(client, remote, tls, options, mqttLogger));
    }

    private void Refuse(Socket client, IPEndPoint? remote, ConnectionLimit limit, string detail)
    {
        Interlocked.Decrement(ref _open);
        metrics.ConnectionClosed();
        Report(remote, limit, detail);
        // Linger 0: a reset at once, nothing queued for a peer that may not read.
        client.Close(0);
    }

    private async Task HandleAsync(Socket client, IPEndPoint? remote, bool tls, MqttServerOptions options, IMqttNetLogger mqttLogger)
    {
        GuardStream? guard = null;
        using var watchdog = new CancellationTokenSource(limits.ConnectTimeout, time);
        // The connect deadline until CONNECT is complete, then the idle timeout (GuardStream re-arms it per read).
        using var onTimeout = watchdog.Token.Register(() =>
        {
            if (guard is null)
            {
                Report(remote, ConnectionLimit.ConnectTimeout, $"TLS handshake not done within {limits.ConnectTimeout.TotalSeconds} s");
                client.Close(0);
            }
            else
            {
                guard.Trip(guard.Connected ? ConnectionLimit.IdleTimeout : ConnectionLimit.ConnectTimeout,
                    guard.Connected ? $"nothing received for {limits.IdleTimeout.TotalSeconds} s" : $"no complete CONNECT within {limits.ConnectTimeout.TotalSeconds} s");
            }
        });
        Stream stream = new NetworkStream(client, ownsSocket: true);
        try
        {
            client.NoDelay = true;
            if (limits.SendBufferBytes > 0)
            {
                client.SendBufferSize = limits.SendBufferBytes;
            }

            if (limits.MaxUnsentBytes > 0 && !UnsentBytesLimit.TryApply(client, limits.MaxUnsentBytes) && limits.SendBufferBytes == 0)
            {
                // No TCP_NOTSENT_LOWAT here: the send buffer is the nearest bound on what a non-reading client holds.
                client.SendBufferSize = limits.MaxUnsentBytes;
            }

            X509Certificate2? clientCertificate = null;
            if (tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = certificate,
                    ClientCertificateRequired = false,
                    EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                    EncryptionPolicy = EncryptionPolicy.RequireEncryption,
                }, watchdog.Token);
                clientCertificate = ssl.RemoteCertificate as X509Certificate2;
            }

            guard = new GuardStream(stream, client, watchdog, limits, (limit, detail) => Report(remote, limit, detail));
            stream = guard;
            var handler = ClientHandler;
            if (handler is null)
            {
                return;
            }

            var channel = new MqttTcpChannel(guard, client.LocalEndPoint, remote, clientCertificate);
            var formatter = new MqttPacketFormatterAdapter(new MqttBufferWriter(options.WriterBufferSize, options.WriterBufferSizeMax));
            using var adapter = new MqttChannelAdapter(channel, formatter, mqttLogger);
            await handler(adapter);
        }
        catch (Exception ex) when (ex is IOException or SocketException or AuthenticationException or OperationCanceledException or ObjectDisposedException)
        {
            // A connection that broke, failed its handshake or was closed by a limit (already reported).
        }
        catch (Exception ex)
        {
            LogConnectionFailed(ex, remote?.ToString() ?? "?");
        }
        finally
        {
            await stream.DisposeAsync();
            Interlocked.Decrement(ref _open);
            metrics.ConnectionClosed();
        }
    }

    private void Report(IPEndPoint? remote, ConnectionLimit limit, string detail)
    {
        metrics.ConnectionLimited(limit);
        if (limit == ConnectionLimit.AddressRate)
        {
            // A flood would flood the log too: counted always, logged at debug.
            LogAddressRate(remote?.Address.ToString() ?? "?", detail);
        }
        else
        {
            LogLimit(remote?.ToString() ?? "?", limit.ToString(), detail);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection from {Remote} closed by limit {Limit}: {Detail}")]
    private partial void LogLimit(string remote, string limit, string detail);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Connection from {Address} refused by the per-address rate limit: {Detail}")]
    private partial void LogAddressRate(string address, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Accepting a connection failed: {Error}")]
    private partial void LogAcceptFailed(string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Connection from {Remote} failed")]
    private partial void LogConnectionFailed(Exception ex, string remote);
}
