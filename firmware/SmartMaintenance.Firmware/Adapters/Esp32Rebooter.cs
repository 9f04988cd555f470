#nullable disable
using System;
using System.Threading;
using nanoFramework.Runtime.Native;
using SmartMaintenance.Firmware.Core.Platform;
using SmartMaintenance.Firmware.Core.Reliability;

namespace SmartMaintenance.Firmware.Adapters
{
    /// <summary>Reboots through Power.RebootDevice, and runs the application watchdog's check on its own thread.</summary>
    internal sealed class Esp32Rebooter : IRebooter
    {
        public void Reboot(string reason)
        {
            Console.WriteLine("watchdog: rebooting: " + reason);
            Thread.Sleep(200);   // let the log line leave the UART
            Power.RebootDevice();
        }

        /// <summary>Starts the thread that checks the watchdog every second.</summary>
        public static Thread StartWatchdogThread(AppWatchdog watchdog)
        {
            Thread thread = new Thread(() =>
            {
                while (!watchdog.Fired)
                {
                    Thread.Sleep(1000);
                    watchdog.Check();
                }
            });
            thread.Start();
            return thread;
        }
    }
}
