using SmartMaintenance.Contracts.Wire;
using SmartMaintenance.Firmware.Core.Config;
using SmartMaintenance.Firmware.Core.Connection;
using SmartMaintenance.Firmware.Core.Encoding;
using SmartMaintenance.Firmware.Core.Filtering;
using SmartMaintenance.Firmware.Core.Network;
using SmartMaintenance.Firmware.Core.Platform;
using SmartMaintenance.Firmware.Core.Reliability;
using SmartMaintenance.Firmware.Core.Telemetry;
using SmartMaintenance.VirtualDevice.Adapters;
using SmartMaintenance.VirtualDevice.Faults;
using SmartMaintenance.VirtualDevice.Machine;

namespace SmartMaintenance.VirtualDevice;

/// <summary>
/// One simulated board on its own thread, wired like Program.cs on the ESP32: machine physics as the sensors,
/// the firmware core's pipeline (filter, summary, encoder, outbox) and supervisor, MQTTnet as the transport.
/// </summary>
internal sealed class VirtualNode : IDisposable
{
    private readonly DeviceCredential _credential;
    private readonly FleetOptions _options;
    private readonly IClock _clock;
    private readonly Outbox _outbox;
    private readonly SamplePipeline _pipeline;
    private readonly ConnectionSupervisor _supervisor;
    private readonly MqttNetTransport _transport;
    private readonly MachineModel _machine;
    private readonly FaultInjector _faults;
    private readonly RemoteConfigHandler _config;
    private long _configsSeen;
    private readonly int[] _channels = new int[MachineSensors.Count];
    private long _tick;

    public VirtualNode(DeviceCredential credential, FleetOptions options, int seed, HttpClient? http, TextWriter? publishedLog = null)
    {
        _credential = credential;
        _options = options;
        _clock = new SystemClock(TimeProvider.System, options.ClockInvalidMs);
        var settings = new DeviceSettings { SummaryPeriodSeconds = options.SummarySeconds, SamplePeriodMs = Math.Max(10, options.IntervalMs) };
        _outbox = new Outbox(options.OutboxCapacity, 320);
        var sequence = new SequenceCounter(new FilePersistentStore(options.StateDirectory, credential.DeviceId), SequenceCounter.DefaultKey, 1000);
        _pipeline = new SamplePipeline(credential.DeviceId, _clock, sequence, _outbox, settings, MachineSensors.Count)
        {
            PublishEverySample = options.PublishEverySample,
            MessageLimit = options.Count > 0 ? options.Count : -1,
        };
        for (var i = 0; i < MachineSensors.Count; i++)
        {
            _channels[i] = _pipeline.AddChannel(MachineSensors.Ids[i], MachineSensors.Types[i], MachineSensors.Units[i],
                new FilterOptions { StdFloor = MachineSensors.Resolution[i] });
        }

        var statusTopic = TopicScheme.Build(options.Site, credential.DeviceId, TopicScheme.Status);
        var will = new StatusEncoder();
        var willLength = will.Encode(credential.DeviceId, false, 0, false, 0);
        _transport = new MqttNetTransport(options.Host, options.Port, credential.DeviceId, credential.Secret, statusTopic,
            will.Buffer.AsSpan(0, willLength).ToArray()) { PublishedLog = publishedLog };
        var supervisorOptions = new SupervisorOptions
        {
            BackoffBaseMs = 250,
            BackoffCapMs = 10_000,
            HttpFallbackAfterMs = options.CloudUrl is null ? 0 : options.HttpFallbackSeconds * 1000,
        };
        IHttpUplink? uplink = http is null ? null : new HttpIngestUplink(http, options.CloudUrl!, options.ApiKey!);
        _config = new RemoteConfigHandler(_pipeline);
        _supervisor = new ConnectionSupervisor(options.Site, credential.DeviceId, _clock, new DesktopNetworkLink(), _transport,
            uplink, _outbox, new Backoff(new XorShiftRandom(seed), supervisorOptions.BackoffBaseMs, supervisorOptions.BackoffCapMs),
            _config, supervisorOptions);
        _machine = new MachineModel(seed, options.Quality);
        _faults = new FaultInjector(options.Faults);
    }

    public string DeviceId => _credential.DeviceId;

    public long Created => _pipeline.MessagesCreated;

    public long Dropped => _outbox.Dropped;

    public long Refused => _transport.Refused;

    public MachineModel Machine => _machine;

    public string? Failure { get; private set; }

    /// <summary>The device loop; returns when --count messages were acknowledged, on cancel, or on failure.</summary>
    public void Run(CancellationToken cancellationToken)
    {
        _supervisor.Open();
        var nextSampleMs = _clock.UptimeMs;
        var lastBrokerMs = _clock.UptimeMs;
        while (!cancellationToken.IsCancellationRequested)
        {
            _supervisor.Tick();
            _transport.Deliver();
            ReportConfig();
            var now = _clock.UptimeMs;
            if (_supervisor.State == SupervisorState.Online)
            {
                lastBrokerMs = now;
            }
            else if (_options.Count > 0 && _options.GiveUpSeconds > 0 && now - lastBrokerMs > _options.GiveUpSeconds * 1000L)
            {
                Failure = $"no broker for {_options.GiveUpSeconds} s ({_transport.LastError ?? "no answer"})";
                break;
            }

            if (_transport.Unauthorized)
            {
                Failure = $"broker refused the credentials ({_transport.LastError})";
                break;
            }

            if (_pipeline.LimitReached && _outbox.Count == 0)
            {
                break;
            }

            // While the broker is reachable, do not outrun it: a load generator must not drop its own data.
            // Without a broker the outbox fills and drops the oldest, as on the board.
            var backPressure = _supervisor.State == SupervisorState.Online && _outbox.Count > _outbox.Capacity / 2;
            if (!_pipeline.LimitReached && !backPressure && now >= nextSampleMs)
            {
                SampleAll();
                nextSampleMs = _options.IntervalMs == 0 ? now : nextSampleMs + _options.IntervalMs;
                if (nextSampleMs < now - 10 * Math.Max(1, _options.IntervalMs))
                {
                    nextSampleMs = now;   // after a long stall, do not burst to catch up
                }

                continue;
            }

            _pipeline.FlushDueSummaries();
            var idle = _supervisor.State == SupervisorState.Online && _outbox.NextPending() >= 0 ? 0 : 5;
            if (idle > 0)
            {
                cancellationToken.WaitHandle.WaitOne(Math.Min(idle, Math.Max(0, (int)(nextSampleMs - now))) + 1);
            }
        }

        _supervisor.Close();
    }

    /// <summary>One console line per config message the core handled (the pipeline itself applies it).</summary>
    private void ReportConfig()
    {
        var seen = _config.AppliedCount + _config.RejectedCount;
        if (seen == _configsSeen)
        {
            return;
        }

        _configsSeen = seen;
        var settings = _pipeline.Settings;
        Console.WriteLine(_config.LastError is { } error
            ? $"{DeviceId}: config rejected ({error}); still running version {settings.Version}"
            : $"{DeviceId}: config version {settings.Version} applied"
              + (settings.DisabledCount == 0 ? "" : $", sensors off: {string.Join(",", settings.DisabledSensors.Take(settings.DisabledCount))}"));
    }

    private void SampleAll()
    {
        _faults.BeforeStep(_machine, _tick);
        _machine.Step();
        if (_machine.LastFailure != FailureMode.None)
        {
            Console.WriteLine($"{DeviceId}: machine failure {_machine.LastFailure} at step {_machine.Steps}");
        }

        for (var i = 0; i < MachineSensors.Count && !_pipeline.LimitReached; i++)
        {
            var value = _faults.Apply(i, _machine.Read(i), _tick, _machine);
            _pipeline.Record(_channels[i], value);
        }

        _tick++;
    }

    public void Dispose() => _transport.Dispose();
}
