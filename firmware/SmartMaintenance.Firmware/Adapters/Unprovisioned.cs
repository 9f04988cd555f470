#nullable disable
using System;
using System.Device.Gpio;
using System.Threading;
using nanoFramework.Runtime.Native;
using SmartMaintenance.Firmware.Core.Platform;
using SmartMaintenance.Firmware.Core.Provisioning;
using SmartMaintenance.Firmware.Core.Reliability;

namespace SmartMaintenance.Firmware.Adapters
{
    /// <summary>
    /// The state of a board without a valid provisioning file: the LED flashes twice every 2 s and the serial
    /// output repeats what is wrong every 10 s. It never reboots on its own (no crash loop); it looks for the
    /// file again every 10 s and reboots once a valid one has been deployed, to start cleanly with it.
    /// </summary>
    internal static class Unprovisioned
    {
        public static void Run(GpioPin led, IClock clock, string path, string problem)
        {
            long nextReportMs = 0;
            while (true)
            {
                long now = clock.UptimeMs;
                led.Write(StatusLed.IsOn(StatusLed.Unprovisioned, now) ? PinValue.High : PinValue.Low);
                if (now >= nextReportMs)
                {
                    nextReportMs = now + 10000;
                    Console.WriteLine("unprovisioned: " + problem);
                    Console.WriteLine("unprovisioned: deploy " + path + " (firmware/README.md, 'Provisioning'), then reset the board");
                    string again = ProvisioningFile.Load(path, new DeviceProvisioning());
                    if (again == null)
                    {
                        Console.WriteLine("unprovisioned: a valid file is there now; rebooting");
                        Thread.Sleep(200);
                        Power.RebootDevice();
                    }

                    problem = again;
                }

                Thread.Sleep(50);
            }
        }
    }
}
