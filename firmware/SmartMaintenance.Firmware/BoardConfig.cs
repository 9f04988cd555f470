#nullable disable
namespace SmartMaintenance.Firmware
{
    /// <summary>
    /// Pins of the reference board (ESP32-DevKitC). Kept in step with hardware/pinout.md and wokwi/diagram.json;
    /// a test in tests/SmartMaintenance.Firmware.Tests parses all three and compares them.
    /// Analog inputs are on ADC1 only (GPIO 32-39): ADC2 is shared with the Wi-Fi radio and unusable while
    /// Wi-Fi is on (ESP32 Technical Reference Manual, ADC chapter).
    /// </summary>
    internal static class BoardConfig
    {
        // --- analog inputs (ADC1) ---
        /// <summary>NTC thermistor divider (10 k NTC, 10 k fixed), motor housing temperature. GPIO 34 = ADC1_CH6.</summary>
        public const int TemperaturePin = 34;
        public const int TemperatureAdcChannel = 6;

        /// <summary>Hall current sensor output (through a divider to 0-3.3 V). GPIO 35 = ADC1_CH7.</summary>
        public const int MotorCurrentPin = 35;
        public const int MotorCurrentAdcChannel = 7;

        /// <summary>Pressure transmitter 0.5-4.5 V through a divider. GPIO 32 = ADC1_CH4.</summary>
        public const int PressurePin = 32;
        public const int PressureAdcChannel = 4;

        // --- I2C accelerometer (MPU6050) ---
        public const int I2cBusId = 1;
        public const int I2cSdaPin = 21;
        public const int I2cSclPin = 22;
        /// <summary>MPU6050 address with AD0 low (datasheet PS-MPU-6000A, section 9.2).</summary>
        public const int Mpu6050Address = 0x68;

        // --- digital ---
        /// <summary>Hall speed sensor (open collector, one pulse per revolution), input with pull-up.</summary>
        public const int SpeedPulsePin = 27;

        /// <summary>Status LED through 330 ohm to GND: on = online, blinking = connecting.</summary>
        public const int StatusLedPin = 25;
    }
}
