#nullable disable
namespace SmartMaintenance.Contracts.Wire
{
    /// <summary>Version of the device wire format. Bump it on any change a parser cannot ignore.</summary>
    public static class WireSchema
    {
        /// <summary>Schema version written by devices and accepted by the broker and the cloud.</summary>
        public const int Version = 1;
    }
}
