#nullable disable
using System;
using SmartMaintenance.Firmware.Core.Reliability;

namespace SmartMaintenance.Firmware.Core.Encoding
{
    /// <summary>
    /// Writes the cloud's batch ingest body (the shape the edge broker posts: broker_id, batch_id, items of
    /// site, device_id, sequence, received_at, correlation_id, message) from the outbox's pending entries, each
    /// message copied verbatim. Used by the HTTP fallback; the buffer is allocated once.
    /// </summary>
    public sealed class HttpBatchEncoder
    {
        private readonly byte[] _buffer;
        private readonly byte[] _digits = new byte[20];
        private int _length;
        private bool _overflow;

        public HttpBatchEncoder(int capacity)
        {
            _buffer = new byte[capacity];
        }

        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>
        /// Encodes up to maxItems pending entries that fit; returns the body length (0 when nothing fits) and the
        /// number of entries in it: they are outbox.PendingAt(0 .. items - 1).
        /// </summary>
        public int Encode(string site, string deviceId, long utcNowMs, Outbox outbox, int maxItems, out int items)
        {
            items = 0;
            _length = 0;
            _overflow = false;
            int first = outbox.NextPending();
            if (first < 0)
            {
                return 0;
            }

            PutAscii("{\"broker_id\":\"device:");
            PutAscii(deviceId);
            PutAscii("\",\"batch_id\":\"");
            PutAscii(deviceId);
            Put((byte)'-');
            PutLong(outbox.SlotSequence(first));
            PutAscii("\",\"items\":[");
            if (_overflow)
            {
                return 0;
            }

            while (items < maxItems)
            {
                int slot = outbox.PendingAt(items);
                if (slot < 0)
                {
                    break;
                }

                int mark = _length;
                long sequence = outbox.SlotSequence(slot);
                if (items > 0)
                {
                    Put((byte)',');
                }

                PutAscii("{\"site\":\"");
                PutAscii(site);
                PutAscii("\",\"device_id\":\"");
                PutAscii(deviceId);
                PutAscii("\",\"sequence\":");
                PutLong(sequence);
                PutAscii(",\"received_at\":\"");
                PutIsoTime(utcNowMs);
                PutAscii("\",\"correlation_id\":\"");
                PutAscii(deviceId);
                Put((byte)'-');
                PutLong(sequence);
                PutAscii("\",\"message\":");
                PutBytes(outbox.SlotBuffer(slot), outbox.SlotLength(slot));
                Put((byte)'}');
                // Room for the closing "]}" must remain.
                if (_overflow || _length + 2 > _buffer.Length)
                {
                    _length = mark;
                    _overflow = false;
                    break;
                }

                items++;
            }

            if (items == 0)
            {
                return 0;
            }

            Put((byte)']');
            Put((byte)'}');
            return _length;
        }

        /// <summary>Unix milliseconds as ISO 8601 UTC, e.g. 2025-11-24T10:15:30.123Z (civil-from-days, H. Hinnant).</summary>
        private void PutIsoTime(long unixMs)
        {
            if (unixMs < 0)
            {
                unixMs = 0;
            }

            long days = unixMs / 86400000L;
            long msOfDay = unixMs - days * 86400000L;
            long z = days + 719468;
            long era = z / 146097;
            long dayOfEra = z - era * 146097;
            long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
            long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
            long mp = (5 * dayOfYear + 2) / 153;
            long day = dayOfYear - (153 * mp + 2) / 5 + 1;
            long month = mp < 10 ? mp + 3 : mp - 9;
            long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
            PutPadded(year, 4);
            Put((byte)'-');
            PutPadded(month, 2);
            Put((byte)'-');
            PutPadded(day, 2);
            Put((byte)'T');
            PutPadded(msOfDay / 3600000L, 2);
            Put((byte)':');
            PutPadded(msOfDay / 60000L % 60, 2);
            Put((byte)':');
            PutPadded(msOfDay / 1000L % 60, 2);
            Put((byte)'.');
            PutPadded(msOfDay % 1000, 3);
            Put((byte)'Z');
        }

        private void PutPadded(long value, int width)
        {
            long pow = 1;
            for (int i = 1; i < width; i++)
            {
                pow *= 10;
            }

            for (; pow > 0; pow /= 10)
            {
                Put((byte)('0' + (int)(value / pow % 10)));
            }
        }

        private void PutLong(long value)
        {
            if (value < 0)
            {
                Put((byte)'-');
                value = -value;
            }

            int count = 0;
            do
            {
                _digits[count++] = (byte)('0' + (int)(value % 10));
                value /= 10;
            }
            while (value > 0);

            while (count > 0)
            {
                Put(_digits[--count]);
            }
        }

        /// <summary>Ids are validated [A-Za-z0-9_-.] (TopicScheme.IsValidId), so no escaping is needed.</summary>
        private void PutAscii(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                Put((byte)text[i]);
            }
        }

        private void PutBytes(byte[] data, int length)
        {
            if (_length + length > _buffer.Length)
            {
                _overflow = true;
                return;
            }

            Array.Copy(data, 0, _buffer, _length, length);
            _length += length;
        }

        private void Put(byte b)
        {
            if (_length >= _buffer.Length)
            {
                _overflow = true;
                return;
            }

            _buffer[_length++] = b;
        }
    }
}
