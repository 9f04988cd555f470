#nullable disable
namespace SmartMaintenance.Contracts.Wire
{
    /// <summary>The three parts of a parsed topic.</summary>
    public sealed class TopicAddress
    {
        public TopicAddress(string site, string device, string channel)
        {
            Site = site;
            Device = device;
            Channel = channel;
        }

        public string Site { get; }

        public string Device { get; }

        public string Channel { get; }
    }
}
