#nullable disable
using System;
using System.Threading;

namespace SmartMaintenance.Firmware.Adapters
{
    /// <summary>
    /// Runs a blocking library call on its own thread and waits at most a timeout for it. M2Mqtt waits a fixed
    /// 30 s for CONNACK and HttpClient's DNS lookup can outlast its Timeout; the supervisor's per-step bound
    /// (SupervisorOptions.WorstCasePassMs) only holds if the adapter stops waiting itself. A call that overruns
    /// keeps running on its thread until the library gives up; the caller releases its resources meanwhile.
    /// </summary>
    internal static class BlockingCall
    {
        /// <summary>True when <paramref name="work"/> finished within the timeout; work must catch its own exceptions.</summary>
        public static bool Run(ThreadStart work, int timeoutMs)
        {
            ManualResetEvent done = new ManualResetEvent(false);
            Thread thread = new Thread(() =>
            {
                try
                {
                    work();
                }
                catch (Exception ex)
                {
                    Console.WriteLine("call: " + ex.Message);
                }
                finally
                {
                    done.Set();
                }
            });
            thread.Start();
            return done.WaitOne(timeoutMs, false);
        }
    }
}
