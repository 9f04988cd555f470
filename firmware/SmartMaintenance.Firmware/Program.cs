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
using SmartMaintenance.Firmware.Core.Numerics;
using SmartMaintenance.Firmware.Core.Platform;
using SmartMaintenance.Firmware.Core.Reliability;
using SmartMaintenance.Firmware.Core.Statistics;
using SmartMaintenance.Firmware.Core.Telemetry;

namespace SmartMaintenance.Firmware
{
    /// <summary>The ESP32 node: wiring only; all logic is in the shared core (firmware/SmartMaintenance.Firmware.Core).</summary>
    public static class Program
    {
        private static int _speedPulses;

        public static void Main()
        {
            // 1. Status LED and pins. I2C pins must be routed before the bus is opened (ESP32 GPIO matrix).
            GpioController gpio = new GpioController();
            GpioPin led = gpio.OpenPin(BoardConfig.StatusLedPin, PinMode.Output);
            Configuration.SetPinFunction(BoardConfig.I2cSdaPin, DeviceFunction.I2C1_DATA);
            Configuration.SetPinFunction(BoardConfig.I2cSclPin, DeviceFunction.I2C1_CLOCK);

            // 2. Sensors: ADC1 channels, the MPU6050 and the speed pulse input.
            AdcController adc = new AdcController();
            IAnalogInput temperature = new NtcTemperatureInput(new AdcAnalogInput(adc, BoardConfig.TemperatureAdcChannel, 1f, 0f));
            // Hall sensor: 2.5 V at 0 A, 100 mV/A after the 5 V -> 3.3 V divider (see hardware/wiring.md).
            IAnalogInput current = new AdcAnalogInput(adc, BoardConfig.MotorCurrentAdcChannel, 10f * 1.5f, -25f);
            // Pressure transmitter 0.5-4.5 V = 0-10 bar, seen through the same divider.
            IAnalogInput pressure = new AdcAnalogInput(adc, BoardConfig.PressureAdcChannel, 2.5f * 1.5f, -1.25f);
            Mpu6050Accelerometer accelerometer = new Mpu6050Accelerometer(
                I2cDevice.Create(new I2cConnectionSettings(BoardConfig.I2cBusId, BoardConfig.Mpu6050Address, I2cBusSpeed.FastMode)));
            bool hasAccelerometer = accelerometer.Initialize();
            GpioPin speed = gpio.OpenPin(BoardConfig.SpeedPulsePin, PinMode.InputPullUp);
            speed.ValueChanged += (sender, e) =>
            {
                if (e.ChangeType == PinEventTypes.Falling)
                {
                    Interlocked.Increment(ref _speedPulses);
                }
            };

            // 3. The core: clock, persisted sequence, outbox, pipeline with one channel per sensor.
            IClock clock = new DeviceClock();
            DeviceSettings settings = new DeviceSettings();
            Outbox outbox = new Outbox(48, 256);
            SamplePipeline pipeline = new SamplePipeline(Secrets.DeviceId, clock,
                new SequenceCounter(new FlashStore(), SequenceCounter.DefaultKey, 1000), outbox, settings, 5);
            int chTemperature = pipeline.AddChannel("motor-temp", "temperature", "K", Options(0.2f));
            int chCurrent = pipeline.AddChannel("motor-current", "current", "A", Options(0.05f));
            int chPressure = pipeline.AddChannel("pressure", "pressure", "bar", Options(0.01f));
            int chVibration = pipeline.AddChannel("vibration", "vibration", "g", Options(0.002f));
            int chSpeed = pipeline.AddChannel("speed", "rotational_speed", "rpm", Options(1f));

            // 4. The uplink: Wi-Fi, M2Mqtt with its last will, optional HTTP fallback, one supervisor.
            StatusEncoder will = new StatusEncoder();
            int willLength = will.Encode(Secrets.DeviceId, false, 0, false, 0);
            string willText = new string(System.Text.Encoding.UTF8.GetChars(will.Buffer, 0, willLength));
            M2MqttTransport transport = new M2MqttTransport(Secrets.BrokerHost, Secrets.BrokerPort, Secrets.DeviceId,
                Secrets.DeviceSecret, TopicScheme.Build(Secrets.Site, Secrets.DeviceId, TopicScheme.Status), willText);
            IHttpUplink http = Secrets.CloudUrl.Length > 0 ? new HttpClientUplink(Secrets.CloudUrl, Secrets.CloudApiKey) : null;
            ConnectionSupervisor supervisor = new ConnectionSupervisor(Secrets.Site, Secrets.DeviceId, clock,
                new WifiLink(Secrets.WifiSsid, Secrets.WifiPassword), transport, http, outbox,
                new Backoff(new XorShiftRandom((int)(clock.UptimeMs ^ Secrets.DeviceId.GetHashCode())), 1000, 60000),
                new RemoteConfigHandler(pipeline), new SupervisorOptions());

            // 5. The application watchdog: the loop must come round within the Wi-Fi timeout plus a margin.
            AppWatchdog watchdog = new AppWatchdog(clock, new Esp32Rebooter(), 60000);
            Esp32Rebooter.StartWatchdogThread(watchdog);
            supervisor.Open();

            // 6. The main loop: vibration at 100 Hz into a one-second window, the slow sensors once per sample
            //    period, the supervisor every pass. Nothing here allocates per sample.
            WindowFeatures vibrationWindow = new WindowFeatures(100);
            float[] xyz = new float[3];
            long nextSlowMs = clock.UptimeMs;
            long lastSpeedMs = clock.UptimeMs;
            while (true)
            {
                watchdog.Feed();
                if (hasAccelerometer && accelerometer.Read(xyz))
                {
                    // Dynamic part of the acceleration magnitude: gravity (1 g) removed.
                    float magnitude = FloatMath.Sqrt(xyz[0] * xyz[0] + xyz[1] * xyz[1] + xyz[2] * xyz[2]) - 1f;
                    if (vibrationWindow.Add(magnitude))
                    {
                        pipeline.Record(chVibration, vibrationWindow.Rms);
                    }
                }

                long now = clock.UptimeMs;
                if (now >= nextSlowMs)
                {
                    nextSlowMs = now + settings.SamplePeriodMs;
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
                led.Write(supervisor.State == SupervisorState.Online || (now / 250) % 2 == 0 ? PinValue.High : PinValue.Low);
                Thread.Sleep(10);
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
