#nullable disable
using System.Device.Adc;
using SmartMaintenance.Firmware.Core.Platform;

namespace SmartMaintenance.Firmware.Adapters
{
    /// <summary>
    /// One ADC1 channel scaled linearly to the sensor's unit: value = offset + gain * volts. The ESP32 ADC reads
    /// 0-3.3 V at 11 dB attenuation (nanoFramework's default), 12 bits.
    /// </summary>
    internal sealed class AdcAnalogInput : IAnalogInput
    {
        private const float FullScaleVolts = 3.3f;
        private readonly AdcChannel _channel;
        private readonly float _maxRaw;
        private readonly float _gain;
        private readonly float _offset;

        public AdcAnalogInput(AdcController adc, int channel, float gain, float offset)
        {
            _channel = adc.OpenChannel(channel);
            _maxRaw = adc.MaxValue;
            _gain = gain;
            _offset = offset;
        }

        /// <summary>Volts at the pin.</summary>
        public float ReadVolts()
        {
            return _channel.ReadValue() * FullScaleVolts / _maxRaw;
        }

        public float Read()
        {
            return _offset + _gain * ReadVolts();
        }
    }
}
