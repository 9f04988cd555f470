using BenchmarkDotNet.Attributes;
using SmartMaintenance.Firmware.Core.Config;
using SmartMaintenance.Firmware.Core.Filtering;
using SmartMaintenance.Firmware.Core.Platform;
using SmartMaintenance.Firmware.Core.Reliability;
using SmartMaintenance.Firmware.Core.Telemetry;

namespace SmartMaintenance.Firmware.Bench;

/// <summary>
/// Cost of one sample through the core, on the desktop CLR (an ESP32 interpreter is far slower: the figures
/// compare versions of the core, they do not predict device time). Each invocation processes 10,000 samples.
/// </summary>
[MemoryDiagnoser]
public class CoreBenchmarks
{
    private const int Samples = 10_000;
    private readonly float[] _signal = new float[Samples];
    private ZScoreFilter _filter = null!;
    private SamplePipeline _pipeline = null!;
    private ManualClock _clock = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        for (var i = 0; i < Samples; i++)
        {
            // Noise around 300 with a spike every 1,000 samples: about what a healthy sensor sends.
            _signal[i] = 300f + (float)(random.NextDouble() - 0.5) + (i % 1000 == 999 ? 20f : 0f);
        }

        _filter = new ZScoreFilter(new FilterOptions());
        _filter.Configure(3f, 0.5f, 30);
        _clock = new ManualClock();
        _pipeline = new SamplePipeline("dev-1", _clock, new SequenceCounter(new NullStore(), "seq", 1000),
            new Outbox(64, 256), new DeviceSettings { SummaryPeriodSeconds = 60 }, 1);
        _pipeline.AddChannel("temp", "temperature", "K", new FilterOptions());
    }

    [Benchmark(OperationsPerInvoke = Samples, Description = "ZScoreFilter.Process per sample")]
    public int FilterPerSample()
    {
        var verdicts = 0;
        for (var i = 0; i < _signal.Length; i++)
        {
            verdicts += _filter.Process(_signal[i]);
        }

        return verdicts;
    }

    [Benchmark(OperationsPerInvoke = Samples, Description = "SamplePipeline.Record per sample (filter, summary, encode, outbox)")]
    public int PipelinePerSample()
    {
        var queued = 0;
        for (var i = 0; i < _signal.Length; i++)
        {
            _clock.UptimeMs += 100;
            queued += _pipeline.Record(0, _signal[i]);
        }

        return queued;
    }

    private sealed class ManualClock : IClock
    {
        public long UptimeMs { get; set; }
        public bool IsUtcValid => true;
        public long UtcNowMs => 1_764_000_000_000 + UptimeMs;
    }

    private sealed class NullStore : IPersistentStore
    {
        public long ReadLong(string key, long fallback) => fallback;
        public void WriteLong(string key, long value)
        {
        }
    }
}
