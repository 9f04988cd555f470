#nullable disable
using System;
using System.Security.Cryptography.X509Certificates;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;
using SmartMaintenance.Firmware.Core.Network;

namespace SmartMaintenance.Firmware.Adapters
{
    /// <summary>
    /// One nanoFramework.M2Mqtt client for one connection attempt: MQTT 5, QoS 1, client id = user name = device
    /// id, a retained last will (on = 0) on the status topic, TLS 1.2 against the provisioned CA when enabled.
    /// Dispose detaches the handlers before anything else, then disconnects (if connected) and calls the
    /// client's Dispose, which stops its threads and closes the socket also after a refused or timed-out CONNACK.
    /// Signatures checked against nanoframework/nanoFramework.m2mqtt (MqttClient.cs, MqttSettings.cs).
    /// </summary>
    internal sealed class M2MqttConnection : IMqttConnection
    {
        private readonly object _sync = new object();
        private readonly int _session;
        private readonly IMqttTransportListener _listener;
        private readonly MqttEndpoint _endpoint;
        private MqttClient _client;
        private bool _disposed;
        private bool _connectReturned;
        private MqttReasonCode _code;
        private string _error;

        public M2MqttConnection(int session, IMqttTransportListener listener, MqttEndpoint endpoint)
        {
            _session = session;
            _listener = listener;
            _endpoint = endpoint;
        }

        public bool IsConnected
        {
            get
            {
                MqttClient client = _client;
                return client != null && !_disposed && client.IsConnected;
            }
        }

        public bool Connect(int timeoutMs)
        {
            MqttEndpoint e = _endpoint;
            X509Certificate ca = e.CaCertificate == null ? null : new X509Certificate(e.CaCertificate);
            _client = new MqttClient(e.Host, e.Port, e.Tls, ca, null, e.Tls ? MqttSslProtocols.TLSv1_2 : MqttSslProtocols.None);
            _client.ProtocolVersion = MqttProtocolVersion.Version_5;
            _client.MqttMsgPublished += OnPublished;
            _client.MqttMsgPublishReceived += OnReceived;
            _client.ConnectionClosed += OnClosed;
            bool finished = BlockingCall.Run(ConnectNow, timeoutMs);
            if (!finished)
            {
                Console.WriteLine("mqtt: no CONNACK within " + timeoutMs.ToString() + " ms");
                return false;
            }

            if (!_connectReturned)
            {
                Console.WriteLine("mqtt: " + _error);
                return false;
            }

            if (_code != MqttReasonCode.Success)
            {
                Console.WriteLine("mqtt: broker refused, reason " + ((int)_code).ToString()
                    + " (0x86/0x87: check the device id and secret in the provisioning file)");
                return false;
            }

            return true;
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
                // M2Mqtt keeps the array until PUBACK; copy out of the reused outbox slot.
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

        public void Dispose()
        {
            MqttClient client;
            lock (_sync)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
                client = _client;
            }

            if (client == null)
            {
                return;
            }

            client.MqttMsgPublished -= OnPublished;
            client.MqttMsgPublishReceived -= OnReceived;
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

            try
            {
                client.Dispose();
            }
            catch (Exception ex)
            {
                Console.WriteLine("mqtt: dispose: " + ex.Message);
            }
        }

        /// <summary>Runs on BlockingCall's thread; may finish after the attempt was abandoned and disposed.</summary>
        private void ConnectNow()
        {
            MqttEndpoint e = _endpoint;
            try
            {
                _code = _client.Connect(e.DeviceId, e.DeviceId, e.Secret, true, MqttQoSLevel.AtLeastOnce, true,
                    e.WillTopic, e.WillMessage, true, 60);
                _connectReturned = true;
            }
            catch (Exception ex)
            {
                _error = ex.Message;
            }

            bool abandoned;
            lock (_sync)
            {
                abandoned = _disposed;
            }

            if (abandoned)
            {
                // The CONNACK came after the timeout: Connect just started keep-alive and dispatch threads that
                // the earlier Dispose could not stop. Close them now.
                try
                {
                    _client.Dispose();
                }
                catch (Exception ex)
                {
                    Console.WriteLine("mqtt: late dispose: " + ex.Message);
                }
            }
        }

        private void OnPublished(object sender, MqttMsgPublishedEventArgs e)
        {
            if (e.IsPublished && !_disposed)
            {
                _listener.OnPublishAcknowledged(_session, e.MessageId);
            }
        }

        private void OnReceived(object sender, MqttMsgPublishEventArgs e)
        {
            if (!_disposed)
            {
                _listener.OnMessageReceived(_session, e.Topic, e.Message, e.Message.Length);
            }
        }

        private void OnClosed(object sender, EventArgs e)
        {
            if (!_disposed)
            {
                _listener.OnConnectionClosed(_session);
            }
        }
    }
}
