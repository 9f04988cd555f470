namespace SmartMaintenance.EdgeBroker.Mqtt.Limits;

/// <summary>
/// Follows MQTT packet boundaries in a byte stream (fixed header byte, remaining length as a variable byte
/// integer, body) without buffering anything: it sees each packet's type and declared length before its body.
/// </summary>
internal struct MqttFrameCounter
{
    private int _state; // 0: expecting the fixed header byte; 1: in the remaining length; 2: in the body
    private byte _header;
    private long _length;
    private int _shift;
    private long _bodyLeft;

    /// <summary>
    /// Consumes <paramref name="bytes"/>; calls <paramref name="onHeader"/> with the type byte and declared
    /// remaining length as soon as the length is known (false from it stops and returns false), and counts whole
    /// packets. Returns false also for a length of more than four bytes (malformed).
    /// </summary>
    public bool Feed(ReadOnlySpan<byte> bytes, Func<byte, long, bool> onHeader, ref long packets)
    {
        var i = 0;
        while (i < bytes.Length)
        {
            switch (_state)
            {
                case 0:
                    _header = bytes[i++];
                    _length = 0;
                    _shift = 0;
                    _state = 1;
                    break;
                case 1:
                    var b = bytes[i++];
                    _length |= (long)(b & 0x7F) << _shift;
                    _shift += 7;
                    if ((b & 0x80) != 0)
                    {
                        if (_shift >= 28)
                        {
                            return false;
                        }

                        break;
                    }

                    if (!onHeader(_header, _length))
                    {
                        return false;
                    }

                    _bodyLeft = _length;
                    _state = _bodyLeft == 0 ? 0 : 2;
                    if (_state == 0)
                    {
                        packets++;
                    }

                    break;
                default:
                    var take = (int)Math.Min(_bodyLeft, bytes.Length - i);
                    i += take;
                    _bodyLeft -= take;
                    if (_bodyLeft == 0)
                    {
                        _state = 0;
                        packets++;
                    }

                    break;
            }
        }

        return true;
    }
}
