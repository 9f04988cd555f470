using SmartMaintenance.Firmware.Core.Config;
using SmartMaintenance.Firmware.Core.Connection;
using SmartMaintenance.Firmware.Core.Filtering;
using SmartMaintenance.Firmware.Core.Network;
using SmartMaintenance.Firmware.Core.Platform;
using SmartMaintenance.Firmware.Core.Reliability;
using SmartMaintenance.Firmware.Core.Telemetry;
using SmartMaintenance.Firmware.Tests.Fakes;

namespace SmartMaintenance.Firmware.Tests.Connection;

/// <summary>
/// One supervisor pass must stay below half the application watchdog's period, whatever the network does.
/// Every blocking step here takes its whole timeout (the worst case the adapters allow): Wi-Fi joins that time
/// out, CONNACKs that never come, HTTP posts that hang, and closes that use their whole budget. Outcomes are
/// drawn from a seeded generator, so the run is the same every time and walks every state of the supervisor.
/// </summary>
public sealed class SupervisorPassBoundTests
{
    [Fact]
    public void Tick_EveryStepTakingItsFullTimeout_NeverBlocksLongerThanTheBoundBelowHalfTheWatchdog()
    {
        var options = new SupervisorOptions { HttpFallbackAfterMs = 60_000, HttpRetryMs = 1000 };
        var clock = new FakeClock();
        var random = new Random(20261205);
        var link = new WorstCaseLink(clock, random);
        var factory = new WorstCaseFactory(clock, random, options.MqttCloseBudgetMs);
        var http = new WorstCaseHttp(clock, random, options.HttpTimeoutMs);
        var outbox = new Outbox(16, 256);
        var pipeline = new SamplePipeline("dev-1", clock, new SequenceCounter(new MemoryStore(), "seq", 100), outbox, new DeviceSettings(), 2);
        pipeline.PublishEverySample = true;
        pipeline.AddChannel("temp", "temperature", "K", new FilterOptions());
        var supervisor = new ConnectionSupervisor("plant-1", "dev-1", clock, link, new MqttSession(factory, options.MqttConnectTimeoutMs),
            http, outbox, new Backoff(new XorShiftRandom(9), options.BackoffBaseMs, options.BackoffCapMs), new RemoteConfigHandler(pipeline), options);
        supervisor.Open();

        long longest = 0;
        for (var pass = 0; pass < 20_000; pass++)
        {
            pipeline.Record(0, 300f + (pass % 3));
            var before = clock.UptimeMs;
            supervisor.Tick();
            longest = Math.Max(longest, clock.UptimeMs - before);
            factory.MaybeDrop(supervisor);
            clock.Advance(50);
        }

        Assert.True(longest <= options.WorstCasePassMs(), $"a pass blocked {longest} ms, bound {options.WorstCasePassMs()} ms");
        Assert.True(options.WorstCasePassMs() < options.WatchdogPeriodMs / 2);
        // The run must have hit every kind of blocking step, and a pass with a close plus a full timeout.
        Assert.True(link.TimedOut > 0 && factory.TimedOut > 0 && factory.Closes > 0 && http.Posts > 0,
            $"wifi {link.TimedOut}, connack {factory.TimedOut}, closes {factory.Closes}, http {http.Posts}");
        // A refused CONNACK followed by the close of its client is the longest combination a pass can run.
        Assert.True(longest >= options.MqttConnectTimeoutMs + options.MqttCloseBudgetMs,
            $"the worst pass seen ({longest} ms) did not combine a close with a connect timeout");
    }

    [Fact]
    public void Validate_StepTimeoutsSummingToHalfTheWatchdog_IsRefusedAndTheSupervisorDoesNotStart()
    {
        var options = new SupervisorOptions { WatchdogPeriodMs = 60_000, WifiTimeoutMs = 28_000, MqttCloseBudgetMs = 2000 };

        var reason = options.Validate();

        Assert.NotNull(reason);
        Assert.Contains("30000 ms", reason);
        var clock = new FakeClock();
        var outbox = new Outbox(4, 64);
        Assert.Throws<ArgumentException>(() => new ConnectionSupervisor("plant-1", "dev-1", clock, new FakeLink(), new FakeTransport(), null,
            outbox, new Backoff(new XorShiftRandom(1), 1000, 8000), null, options));
    }

    [Fact]
    public void Validate_Defaults_AreAcceptedWithTheBoundBelowHalfTheWatchdog()
    {
        var options = new SupervisorOptions();

        Assert.Null(options.Validate());
        Assert.Equal(options.MqttCloseBudgetMs + Math.Max(options.WifiTimeoutMs, Math.Max(options.MqttConnectTimeoutMs, options.HttpTimeoutMs)),
            options.WorstCasePassMs());
        Assert.True(options.WorstCasePassMs() < options.WatchdogPeriodMs / 2);
    }

    private sealed class WorstCaseLink(FakeClock clock, Random random) : INetworkLink
    {
        private bool _up;

        public int TimedOut { get; private set; }

        public bool IsUp
        {
            get
            {
                if (_up && random.NextDouble() < 0.01)
                {
                    _up = false;   // the access point went away
                }

                return _up;
            }
        }

        public bool Connect(int timeoutMs)
        {
            if (random.NextDouble() < 0.5)
            {
                clock.Advance(timeoutMs);
                TimedOut++;
                _up = false;
            }
            else
            {
                clock.Advance(timeoutMs / 2);
                _up = true;
            }

            return _up;
        }

        public void Disconnect() => _up = false;
    }

    private sealed class WorstCaseFactory(FakeClock clock, Random random, int closeBudgetMs) : IMqttConnectionFactory
    {
        private Connection? _current;

        public FakeClock Clock { get; } = clock;

        public Random Random { get; } = random;

        public int CloseBudgetMs { get; } = closeBudgetMs;

        public int TimedOut { get; private set; }

        public int Closes { get; private set; }

        public IMqttConnection Create(int session, IMqttTransportListener listener)
        {
            _current = new Connection(this, session, listener);
            return _current;
        }

        /// <summary>Now and then the broker drops the live connection between passes.</summary>
        public void MaybeDrop(ConnectionSupervisor supervisor)
        {
            if (_current is { IsConnected: true } c && Random.NextDouble() < 0.02)
            {
                c.Drop();
            }
        }

        private sealed class Connection(WorstCaseFactory owner, int session, IMqttTransportListener listener) : IMqttConnection
        {
            private bool _connected;
            private int _id;

            public bool IsConnected => _connected;

            public bool Connect(int timeoutMs)
            {
                owner.Clock.Advance(timeoutMs);   // accepted or not, the CONNACK comes at the last moment
                _connected = owner.Random.NextDouble() < 0.4;
                if (!_connected)
                {
                    owner.TimedOut++;
                }

                return _connected;
            }

            public bool Subscribe(string topic) => _connected && owner.Random.NextDouble() < 0.9;

            public int Publish(string topic, byte[] payload, int length, bool retain)
            {
                if (!_connected)
                {
                    return -1;
                }

                if (owner.Random.NextDouble() < 0.3)
                {
                    listener.OnPublishAcknowledged(session, _id + 1);
                }

                return ++_id;
            }

            public void Dispose()
            {
                owner.Clock.Advance(owner.CloseBudgetMs);
                owner.Closes++;
                _connected = false;
            }

            public void Drop()
            {
                _connected = false;
                listener.OnConnectionClosed(session);
            }
        }
    }

    private sealed class WorstCaseHttp(FakeClock clock, Random random, int timeoutMs) : IHttpUplink
    {
        public int Posts { get; private set; }

        public int Post(byte[] body, int length)
        {
            Posts++;
            clock.Advance(timeoutMs);
            return random.NextDouble() < 0.5 ? 503 : 200;
        }
    }
}
