using SmartMaintenance.Firmware.Core.Config;
using SmartMaintenance.Firmware.Core.Filtering;
using SmartMaintenance.Firmware.Core.Reliability;
using SmartMaintenance.Firmware.Core.Statistics;
using SmartMaintenance.Firmware.Core.Telemetry;
using SmartMaintenance.Firmware.Tests.Fakes;

namespace SmartMaintenance.Firmware.Tests.Telemetry;

/// <summary>The per-sample hot path must not allocate: a board's heap is ~100 KB and its GC pauses are long.</summary>
public sealed class ZeroAllocationTests
{
    private static float[] Signal(int n)
    {
        // Gaussian-ish noise with a spike every 500 samples, so anomalies, summaries and outbox drops all happen.
        var random = new Random(3);
        var values = new float[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = 300f + (float)(random.NextDouble() + random.NextDouble() - 1.0) + (i % 500 == 499 ? 25f : 0f);
        }

        return values;
    }

    [Fact]
    public void Record_10000Samples_AllocatesZeroBytes()
    {
        var clock = new FakeClock();
        var outbox = new Outbox(8, 256);
        var pipeline = new SamplePipeline("dev-1", clock, new SequenceCounter(new MemoryStore(), "seq", 100), outbox,
            new DeviceSettings { SummaryPeriodSeconds = 1 }, 2);
        pipeline.AddChannel("temp", "temperature", "K", new FilterOptions());
        var vibration = new WindowFeatures(10);
        var signal = Signal(10_000);
        Run(pipeline, vibration, clock, signal);   // first pass: JIT and static initialisation

        var before = GC.GetAllocatedBytesForCurrentThread();
        Run(pipeline, vibration, clock, signal);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.True(pipeline.MessagesCreated > 40, "the run must exercise anomalies and summaries");
        Assert.True(outbox.Dropped > 0, "the run must exercise the outbox's drop-oldest path");
    }

    private static void Run(SamplePipeline pipeline, WindowFeatures window, FakeClock clock, float[] signal)
    {
        for (var i = 0; i < signal.Length; i++)
        {
            clock.UptimeMs += 10;
            window.Add(signal[i]);
            pipeline.Record(0, signal[i]);
        }
    }

    [Fact]
    public void GetAllocatedBytes_AllocatingLoop_IsMeasured()
    {
        // Proves the measurement above can fail: the same counter sees a small allocation.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var array = new byte[100];
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        GC.KeepAlive(array);
        Assert.True(allocated >= 100);
    }
}
