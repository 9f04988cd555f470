// Mirrors nanoFramework.M2Mqtt 5.1.218 (assembly nanoFramework.M2Mqtt.Core): nanoFramework.M2Mqtt.Messages -
// MqttQoSLevel, MqttReasonCode and the event arguments the firmware reads.
using System;

namespace nanoFramework.M2Mqtt.Messages
{
    public enum MqttQoSLevel
    {
        AtLeastOnce = 0x01,
    }

    public enum MqttReasonCode
    {
        Success = 0x00,
    }

    public class MqttMsgPublishedEventArgs : EventArgs
    {
        public MqttMsgPublishedEventArgs(ushort messageId, bool isPublished)
        {
        }

        public ushort MessageId
        {
            get { throw null; }
        }

        public bool IsPublished
        {
            get { throw null; }
        }
    }

    public class MqttMsgPublishEventArgs : EventArgs
    {
        private MqttMsgPublishEventArgs()
        {
        }

        public string Topic
        {
            get { throw null; }
        }

        public byte[] Message
        {
            get { throw null; }
        }
    }
}
