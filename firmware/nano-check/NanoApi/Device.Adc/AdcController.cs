// Mirrors nanoFramework.System.Device.Adc 1.1.24: System.Device.Adc.AdcController and AdcChannel.
namespace System.Device.Adc
{
    public class AdcController
    {
        public AdcController()
        {
        }

        public int MaxValue
        {
            get { throw null; }
        }

        public AdcChannel OpenChannel(int channelNumber)
        {
            throw null;
        }
    }

    public class AdcChannel
    {
        private AdcChannel()
        {
        }

        public int ReadValue()
        {
            throw null;
        }
    }
}
