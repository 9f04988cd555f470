#nullable disable
using System;

namespace SmartMaintenance.Firmware.Core.Network
{
    /// <summary>
    /// The transport the board's supervisor uses: one fresh client per connection attempt, numbered, and
    /// disposed (handlers detached, socket and threads released) after a refused or timed-out CONNACK, a
    /// failed subscribe, a lost connection or a close. M2Mqtt keeps its socket and receive thread alive after a
    /// failed connect and numbers messages from 1 in every client, so reusing or leaking clients both leak
    /// memory during a broker outage and let a late PUBACK of an old client release a new client's message.
    /// Called by the supervisor only, under its lock.
    /// </summary>
    public sealed class MqttSession : IMqttTransport
    {
        private readonly IMqttConnectionFactory _factory;
        private readonly int _connectTimeoutMs;
        private IMqttTransportListener _listener;
        private IMqttConnection _client;
        private int _session;

        public MqttSession(IMqttConnectionFactory factory, int connectTimeoutMs)
        {
            _factory = factory;
            _connectTimeoutMs = connectTimeoutMs;
        }

        /// <summary>Clients created since boot.</summary>
        public long ClientsCreated;

        /// <summary>Clients disposed since boot; ClientsCreated - ClientsDisposed is at most 1.</summary>
        public long ClientsDisposed;

        /// <summary>Why the last attempt failed, for the serial log; null after a success.</summary>
        public string LastError;

        public bool IsConnected
        {
            get { return _client != null && _client.IsConnected; }
        }

        public int Session
        {
            get { return _session; }
        }

        public bool Open()
        {
            Close();
            _session++;
            if (_session <= 0)
            {
                _session = 1;   // after 2^31 attempts; 0 stays "none"
            }

            IMqttConnection client = _factory.Create(_session, _listener);
            ClientsCreated++;
            _client = client;
            bool accepted;
            try
            {
                accepted = client.Connect(_connectTimeoutMs);
                LastError = accepted ? null : "refused or timed out";
            }
            catch (Exception ex)
            {
                accepted = false;
                LastError = ex.Message;
            }

            if (!accepted)
            {
                Close();
            }

            return accepted;
        }

        public bool Subscribe(string topic)
        {
            IMqttConnection client = _client;
            return client != null && client.Subscribe(topic);
        }

        public int Publish(string topic, byte[] payload, int length, bool retain)
        {
            IMqttConnection client = _client;
            return client == null ? -1 : client.Publish(topic, payload, length, retain);
        }

        public void Close()
        {
            IMqttConnection client = _client;
            _client = null;
            if (client == null)
            {
                return;
            }

            try
            {
                client.Dispose();
            }
            catch (Exception ex)
            {
                // The contract says Dispose does not throw; a client that does must not stop the supervisor.
                LastError = ex.Message;
            }

            ClientsDisposed++;
        }

        public void SetListener(IMqttTransportListener listener)
        {
            _listener = listener;
        }
    }
}
