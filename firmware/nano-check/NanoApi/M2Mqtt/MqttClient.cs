// Mirrors nanoFramework.M2Mqtt 5.1.218 (assembly nanoFramework.M2Mqtt): nanoFramework.M2Mqtt.MqttClient
// (M2Mqtt/MqttClient.cs), the members the firmware calls.
using System;
using System.Collections;
using System.Security.Cryptography.X509Certificates;
using nanoFramework.M2Mqtt.Messages;

namespace nanoFramework.M2Mqtt
{
    public class MqttClient : IMqttClient, IDisposable
    {
        public MqttClient(string brokerHostName, int brokerPort, bool secure, X509Certificate caCert, X509Certificate clientCert,
            MqttSslProtocols sslProtocol)
        {
        }

        public event IMqttClient.MqttMsgPublishEventHandler MqttMsgPublishReceived;

        public event IMqttClient.MqttMsgPublishedEventHandler MqttMsgPublished;

        public event IMqttClient.ConnectionClosedEventHandler ConnectionClosed;

        public bool IsConnected
        {
            get { throw null; }
        }

        public MqttProtocolVersion ProtocolVersion
        {
            get { throw null; }
            set { throw null; }
        }

        public MqttReasonCode Connect(string clientId, string username, string password, bool willRetain, MqttQoSLevel willQosLevel,
            bool willFlag, string willTopic, string willMessage, bool cleanSession, ushort keepAlivePeriod)
        {
            throw null;
        }

        public void Disconnect()
        {
            throw null;
        }

        public void Dispose()
        {
            throw null;
        }

        public ushort Subscribe(string[] topics, MqttQoSLevel[] qosLevels)
        {
            throw null;
        }

        public ushort Publish(string topic, byte[] message, string contentType, ArrayList userProperties, MqttQoSLevel qosLevel, bool retain)
        {
            throw null;
        }
    }

    /// <summary>Mirrors M2Mqtt's MqttProtocolVersion (Version_3_1 = 3, Version_3_1_1 = 4, Version_5 = 5).</summary>
    public enum MqttProtocolVersion
    {
        Version_5 = 0x05,
    }
}
