#nullable disable
using System;
using System.Security.Cryptography.X509Certificates;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;
using SmartMaintenance.Firmware.Core.Network;

namespace SmartMaintenance.Firmware.Adapters
{
    /// <summary>
    /// nanoFramework.M2Mqtt as the core's transport: MQTT 5, QoS 1, client id = user name = device id, a retained
    /// last will (on = 0) on the status topic. MqttMsgPublished carries the PUBACK (message id = our token),
    /// ConnectionClosed feeds the supervisor. Signatures checked against nanoframework/nanoFramework.m2mqtt
    /// (MqttClient.Connect with ten arguments, Publish(topic, message, contentType, userProperties, qos, retain),
    /// Subscribe(string[], MqttQoSLevel[])).
    /// </summary>
    internal sealed class M2MqttTransport : IMqttTransport
    {
        private readonly string _host;
        private readonly int _port;
        private readonly string _deviceId;
        private readonly string _secret;
        private readonly string _willTopic;
        private readonly string _willMessage;
        private MqttClient _client;
        private IMqttTransportListener _listener;

        public M2MqttTransport(string host, int port, string deviceId, string secret, string willTopic, string willMessage)
        {
            _host = host;
            _port = port;
            _deviceId = deviceId;
            _secret = secret;
            _willTopic = willTopic;
            _willMessage = willMessage;
        }

        public bool IsConnected
        {
            get { return _client != null && _client.IsConnected; }
        }

        public bool Open()
        {
            Close();
            try
            {
                _client = new MqttClient(_host, _port, false, (X509Certificate)null, (X509Certificate)null, MqttSslProtocols.None);
                _client.ProtocolVersion = MqttProtocolVersion.Version_5;
                _client.MqttMsgPublished += OnPublished;
                _client.MqttMsgPublishReceived += OnReceived;
                _client.ConnectionClosed += OnClosed;
                MqttReasonCode code = _client.Connect(_deviceId, _deviceId, _secret,
                    true, MqttQoSLevel.AtLeastOnce, true, _willTopic, _willMessage, true, 60);
                if (code == MqttReasonCode.Success)
                {
                    return true;
                }

                Console.WriteLine("mqtt: refused " + ((int)code).ToString());
            }
            catch (Exception ex)
            {
                // Socket and protocol errors both mean "not connected"; the supervisor backs off and retries.
                Console.WriteLine("mqtt: " + ex.Message);
            }

            Close();
            return false;
        }

        public bool Subscribe(string topic)
        {
            try
            {
                _client.Subscribe(new string[] { topic }, new MqttQoSLevel[] { MqttQoSLevel.AtLeastOnce });
                return true;
            }
            catch (Exception ex)
            {
                Console.WriteLine("mqtt: subscribe failed: " + ex.Message);
                return false;
            }
        }

        public int Publish(string topic, byte[] payload, int length, bool retain)
        {
            try
            {
                // M2Mqtt keeps the array until PUBACK; copy out of the reused slot.
                byte[] message = new byte[length];
                Array.Copy(payload, 0, message, 0, length);
                return _client.Publish(topic, message, null, null, MqttQoSLevel.AtLeastOnce, retain);
            }
            catch (Exception ex)
            {
                Console.WriteLine("mqtt: publish failed: " + ex.Message);
                return -1;
            }
        }

        public void Close()
        {
            MqttClient client = _client;
            _client = null;
            if (client == null)
            {
                return;
            }

            client.ConnectionClosed -= OnClosed;
            try
            {
                if (client.IsConnected)
                {
                    client.Disconnect();
                }
            }
            catch (Exception ex)
            {
                Console.WriteLine("mqtt: disconnect: " + ex.Message);
            }
        }

        public void SetListener(IMqttTransportListener listener)
        {
            _listener = listener;
        }

        private void OnPublished(object sender, MqttMsgPublishedEventArgs e)
        {
            if (e.IsPublished && _listener != null)
            {
                _listener.OnPublishAcknowledged(e.MessageId);
            }
        }

        private void OnReceived(object sender, MqttMsgPublishEventArgs e)
        {
            if (_listener != null)
            {
                _listener.OnMessageReceived(e.Topic, e.Message, e.Message.Length);
            }
        }

        private void OnClosed(object sender, EventArgs e)
        {
            if (_listener != null)
            {
                _listener.OnConnectionClosed();
            }
        }
    }
}
