#nullable disable
using System;
using System.Device.Adc;
using System.Device.Gpio;
using System.Device.I2c;
using System.Threading;
using nanoFramework.Hardware.Esp32;
using SmartMaintenance.Contracts.Wire;
using SmartMaintenance.Firmware.Adapters;
using SmartMaintenance.Firmware.Core.Config;
using SmartMaintenance.Firmware.Core.Connection;
using SmartMaintenance.Firmware.Core.Encoding;
using SmartMaintenance.Firmware.Core.Filtering;
using SmartMaintenance.Firmware.Core.Network;
using SmartMaintenance.Firmware.Core.Numerics;
using SmartMaintenance.Firmware.Core.Platform;
using SmartMaintenance.Firmware.Core.Provisioning;
using SmartMaintenance.Firmware.Core.Reliability;
using SmartMaintenance.Firmware.Core.Statistics;
using SmartMaintenance.Firmware.Core.Telemetry;

namespace SmartMaintenance.Firmware
{
    /// <summary>The ESP32 node: wiring only; all logic is in the shared core (firmware/SmartMaintenance.Firmware.Core).</summary>
    public static class Program
    {
        /// <summary>Vibration sampling period (100 Hz) and RMS window (1 s), both on the uptime clock.</summary>
        private const int VibrationPeriodMs = 10;
        private const int VibrationWindowMs = 1000;
        private const int WatchdogMs = 60000;

        private static int _speedPulses;

        public static void Main()
        {
            // 1. Status LED, clock and the provisioning file: nothing else starts without a valid one.
            GpioController gpio = new GpioController();
            GpioPin led = gpio.OpenPin(BoardConfig.StatusLedPin, PinMode.Output);
            IClock clock = new DeviceClock();
            DeviceProvisioning device = new DeviceProvisioning();
            string problem = ProvisioningFile.Load(ProvisioningFields.DevicePath, device);
            if (problem != null)
            {
                Unprovisioned.Run(led, clock, ProvisioningFields.DevicePath, problem);
                return;
            }

            Console.WriteLine("boot: " + device.DeviceId + " at site " + device.Site + ", broker " + device.BrokerHost
                + ":" + device.BrokerPort.ToString() + (device.Tls ? " (TLS)" : string.Empty));

            // 2. Sensors: ADC1 channels, the MPU6050 (I2C pins routed before the bus opens) and the speed input.
            Configuration.SetPinFunction(BoardConfig.I2cSdaPin, DeviceFunction.I2C1_DATA);
            Configuration.SetPinFunction(BoardConfig.I2cSclPin, DeviceFunction.I2C1_CLOCK);
            AdcController adc = new AdcController();
            IAnalogInput temperature = new NtcTemperatureInput(new AdcAnalogInput(adc, BoardConfig.TemperatureAdcChannel, 1f, 0f));
            // Hall sensor: 2.5 V at 0 A, 100 mV/A after the 5 V -> 3.3 V divider (see hardware/wiring.md).
            IAnalogInput current = new AdcAnalogInput(adc, BoardConfig.MotorCurrentAdcChannel, 10f * 1.5f, -25f);
            // Pressure transmitter 0.5-4.5 V = 0-10 bar, seen through the same divider.
            IAnalogInput pressure = new AdcAnalogInput(adc, BoardConfig.PressureAdcChannel, 2.5f * 1.5f, -1.25f);
            Mpu6050Accelerometer accelerometer = new Mpu6050Accelerometer(
                I2cDevice.Create(new I2cConnectionSettings(BoardConfig.I2cBusId, BoardConfig.Mpu6050Address, I2cBusSpeed.FastMode)));
            bool hasAccelerometer = accelerometer.Initialize();
            if (!hasAccelerometer)
            {
                Console.WriteLine("sensors: no MPU6050 at 0x68 on SDA " + BoardConfig.I2cSdaPin.ToString() + " / SCL "
                    + BoardConfig.I2cSclPin.ToString() + "; vibration is not measured");
            }

            GpioPin speed = gpio.OpenPin(BoardConfig.SpeedPulsePin, PinMode.InputPullUp);
            speed.ValueChanged += OnSpeedPulse;

            // 3. The core: persisted sequence, outbox, pipeline with one channel per sensor.
            DeviceSettings settings = new DeviceSettings();
            Outbox outbox = new Outbox(48, 256);
            SamplePipeline pipeline = new SamplePipeline(device.DeviceId, clock,
                new SequenceCounter(new FlashStore(), SequenceCounter.DefaultKey, 1000), outbox, settings, 5);
            int chTemperature = pipeline.AddChannel("motor-temp", "temperature", "K", Options(0.2f));
            int chCurrent = pipeline.AddChannel("motor-current", "current", "A", Options(0.05f));
            int chPressure = pipeline.AddChannel("pressure", "pressure", "bar", Options(0.01f));
            int chVibration = pipeline.AddChannel("vibration", "vibration", "g", Options(0.002f));
            int chSpeed = pipeline.AddChannel("speed", "rotational_speed", "rpm", Options(1f));

            // 4. The uplink: Wi-Fi, one M2Mqtt client per attempt with the last will, optional HTTP fallback.
            SupervisorOptions options = new SupervisorOptions();
            options.WatchdogPeriodMs = WatchdogMs;
            StatusEncoder will = new StatusEncoder();
            int willLength = will.Encode(device.DeviceId, false, 0, false, 0);
            MqttEndpoint endpoint = new MqttEndpoint();
            endpoint.Host = device.BrokerHost;
            endpoint.Port = device.BrokerPort;
            endpoint.Tls = device.Tls;
            endpoint.CaCertificate = device.CaCertificate;
            endpoint.DeviceId = device.DeviceId;
            endpoint.Secret = device.Secret;
            endpoint.WillTopic = TopicScheme.Build(device.Site, device.DeviceId, TopicScheme.Status);
            endpoint.WillMessage = new string(System.Text.Encoding.UTF8.GetChars(will.Buffer, 0, willLength));
            IHttpUplink http = device.CloudUrl != null
                ? new HttpClientUplink(device.CloudUrl, device.CloudApiKey, device.CaCertificate, options.HttpTimeoutMs)
                : null;
            ConnectionSupervisor supervisor = new ConnectionSupervisor(device.Site, device.DeviceId, clock,
                new WifiLink(device.WifiSsid, device.WifiPassword, clock), new MqttSession(endpoint, options.MqttConnectTimeoutMs),
                http, outbox, new Backoff(new XorShiftRandom((int)(clock.UptimeMs ^ device.DeviceId.GetHashCode())),
                    options.BackoffBaseMs, options.BackoffCapMs), new RemoteConfigHandler(pipeline), options);

            // 5. The application watchdog: the loop must come round within its period; one supervisor pass is
            //    bounded by options.WorstCasePassMs(), checked below half of it when the supervisor was built.
            AppWatchdog watchdog = new AppWatchdog(clock, new Esp32Rebooter(), WatchdogMs);
            Esp32Rebooter.StartWatchdogThread(watchdog);
            supervisor.Open();

            // 6. The main loop, paced by the uptime clock: vibration every 10 ms into a 1 s window, the slow
            //    sensors once per sample period, the supervisor every pass. Nothing here allocates per sample.
            long start = clock.UptimeMs;
            SamplePacer vibrationPacer = new SamplePacer(VibrationPeriodMs, start);
            SamplePacer slowPacer = new SamplePacer(settings.SamplePeriodMs, start);
            TimedWindow vibrationWindow = new TimedWindow(VibrationWindowMs);
            float[] xyz = new float[3];
            long lastSpeedMs = start;
            while (true)
            {
                watchdog.Feed();
                long now = clock.UptimeMs;
                if (hasAccelerometer && vibrationPacer.IsDue(now) && accelerometer.Read(xyz))
                {
                    // Dynamic part of the acceleration magnitude: gravity (1 g) removed.
                    float magnitude = FloatMath.Sqrt(xyz[0] * xyz[0] + xyz[1] * xyz[1] + xyz[2] * xyz[2]) - 1f;
                    if (vibrationWindow.Add(magnitude, now))
                    {
                        pipeline.Record(chVibration, vibrationWindow.Rms);
                        supervisor.ReportSampleRate(vibrationWindow.RateHz);
                    }
                }

                if (slowPacer.PeriodMs != settings.SamplePeriodMs)
                {
                    slowPacer = new SamplePacer(settings.SamplePeriodMs, now);   // the cloud changed the period
                }

                if (slowPacer.IsDue(now))
                {
                    pipeline.Record(chTemperature, temperature.Read());
                    pipeline.Record(chCurrent, current.Read());
                    pipeline.Record(chPressure, pressure.Read());
                    int pulses = Interlocked.Exchange(ref _speedPulses, 0);
                    long elapsed = now - lastSpeedMs;
                    lastSpeedMs = now;
                    if (elapsed > 0)
                    {
                        pipeline.Record(chSpeed, pulses * 60000f / elapsed);
                    }
                }

                pipeline.FlushDueSummaries();
                supervisor.Tick();
                int pattern = supervisor.State == SupervisorState.Online ? StatusLed.Online : StatusLed.Connecting;
                led.Write(StatusLed.IsOn(pattern, now) ? PinValue.High : PinValue.Low);
                long wait = vibrationPacer.WaitMs(clock.UptimeMs);
                Thread.Sleep(wait < 1 ? 1 : (wait > VibrationPeriodMs ? VibrationPeriodMs : (int)wait));
            }
        }

        private static void OnSpeedPulse(object sender, PinValueChangedEventArgs e)
        {
            if (e.ChangeType == PinEventTypes.Falling)
            {
                Interlocked.Increment(ref _speedPulses);
            }
        }

        private static FilterOptions Options(float stdFloor)
        {
            FilterOptions options = new FilterOptions();
            options.StdFloor = stdFloor;
            return options;
        }
    }
}
