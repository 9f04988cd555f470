#nullable disable
using SmartMaintenance.Firmware.Core.Platform;

namespace SmartMaintenance.Firmware.Adapters
{
    /// <summary>
    /// 10 k NTC (B = 3950) as the lower leg of a divider with a 10 k resistor to 3.3 V, in kelvin. The beta
    /// equation 1/T = 1/T0 + ln(R/R0)/B needs a logarithm; it is computed in float (no double math on the board).
    /// </summary>
    internal sealed class NtcTemperatureInput : IAnalogInput
    {
        private const float Supply = 3.3f;
        private const float FixedOhms = 10000f;
        private const float NominalOhms = 10000f;
        private const float NominalKelvin = 298.15f;
        private const float Beta = 3950f;
        private readonly AdcAnalogInput _adc;

        public NtcTemperatureInput(AdcAnalogInput adc)
        {
            _adc = adc;
        }

        public float Read()
        {
            float volts = _adc.ReadVolts();
            if (volts <= 0.01f || volts >= Supply - 0.01f)
            {
                return float.NaN;   // open or shorted sensor: rejected and counted by the filter
            }

            float ohms = FixedOhms * volts / (Supply - volts);
            return 1f / (1f / NominalKelvin + Ln(ohms / NominalOhms) / Beta);
        }

        /// <summary>ln(x) for x &gt; 0: reduce to [0.5, 1) by powers of two, then the atanh series.</summary>
        private static float Ln(float x)
        {
            int exponent = 0;
            while (x >= 1f)
            {
                x *= 0.5f;
                exponent++;
            }

            while (x < 0.5f)
            {
                x *= 2f;
                exponent--;
            }

            float y = (x - 1f) / (x + 1f);
            float y2 = y * y;
            float sum = y * (1f + y2 * (1f / 3f + y2 * (1f / 5f + y2 * (1f / 7f + y2 / 9f))));
            return 2f * sum + exponent * 0.6931472f;
        }
    }
}
