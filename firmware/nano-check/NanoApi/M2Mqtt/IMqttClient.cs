// Mirrors nanoFramework.M2Mqtt 5.1.218 (assembly nanoFramework.M2Mqtt.Core): nanoFramework.M2Mqtt.IMqttClient,
// whose nested delegates type MqttClient's events, and MqttSslProtocols (MqttSslProtocols.cs).
using System;
using nanoFramework.M2Mqtt.Messages;

namespace nanoFramework.M2Mqtt
{
    public interface IMqttClient
    {
        delegate void MqttMsgPublishEventHandler(object sender, MqttMsgPublishEventArgs e);

        delegate void MqttMsgPublishedEventHandler(object sender, MqttMsgPublishedEventArgs e);

        delegate void ConnectionClosedEventHandler(object sender, EventArgs e);
    }

    /// <summary>Declaration order None, SSLv3, TLSv1_0, TLSv1_1, TLSv1_2, TLSv1_3.</summary>
    public enum MqttSslProtocols
    {
        None = 0,
        TLSv1_2 = 4,
    }
}
