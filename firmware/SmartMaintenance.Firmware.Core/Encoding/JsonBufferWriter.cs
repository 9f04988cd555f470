#nullable disable
using System;

namespace SmartMaintenance.Firmware.Core.Encoding
{
    /// <summary>
    /// Writes a flat JSON object into a caller-owned byte buffer, with no allocation: no strings are built,
    /// numbers are formatted digit by digit. Reused for every message (call Reset first).
    /// </summary>
    public sealed class JsonBufferWriter
    {
        private readonly byte[] _buffer;
        private readonly byte[] _digits = new byte[20];
        private int _length;
        private bool _needsComma;
        private bool _overflow;

        public JsonBufferWriter(int capacity)
        {
            _buffer = new byte[capacity];
        }

        /// <summary>The buffer holding the message; valid up to Length.</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>Bytes written so far.</summary>
        public int Length
        {
            get { return _length; }
        }

        /// <summary>True when a write did not fit; the message must then be discarded.</summary>
        public bool Overflow
        {
            get { return _overflow; }
        }

        public void Reset()
        {
            _length = 0;
            _needsComma = false;
            _overflow = false;
        }

        public void BeginObject()
        {
            Put((byte)'{');
            _needsComma = false;
        }

        public void EndObject()
        {
            Put((byte)'}');
        }

        public void WriteString(string name, string value)
        {
            WriteName(name);
            WriteQuoted(value);
        }

        public void WriteLong(string name, long value)
        {
            WriteName(name);
            PutLong(value);
        }

        public void WriteBool(string name, bool value)
        {
            WriteName(name);
            if (value)
            {
                PutAscii("true");
            }
            else
            {
                PutAscii("false");
            }
        }

        /// <summary>
        /// Writes a float with about seven significant digits (a float's precision), trailing zeros trimmed.
        /// NaN and infinity have no JSON form; callers reject them before encoding, and this writes null.
        /// </summary>
        public void WriteFloat(string name, float value)
        {
            WriteName(name);
            PutFloat(value);
        }

        /// <summary>Writes the first <paramref name="count"/> strings of <paramref name="values"/> as a JSON array.</summary>
        public void WriteStringArray(string name, string[] values, int count)
        {
            WriteName(name);
            Put((byte)'[');
            for (int i = 0; i < count; i++)
            {
                if (i > 0)
                {
                    Put((byte)',');
                }

                WriteQuoted(values[i]);
            }

            Put((byte)']');
        }

        private void WriteName(string name)
        {
            if (_needsComma)
            {
                Put((byte)',');
            }

            _needsComma = true;
            WriteQuoted(name);
            Put((byte)':');
        }

        private void PutFloat(float value)
        {
            if (float.IsNaN(value) || float.IsInfinity(value))
            {
                PutAscii("null");
                return;
            }

            if (value < 0)
            {
                Put((byte)'-');
                value = -value;
            }

            // Decimals chosen by magnitude so that value * 10^decimals stays below 2^24, where a float
            // still holds whole numbers exactly: about seven significant digits in every range.
            int decimals;
            float scale;
            if (value < 10f) { decimals = 6; scale = 1000000f; }
            else if (value < 100f) { decimals = 5; scale = 100000f; }
            else if (value < 1000f) { decimals = 4; scale = 10000f; }
            else if (value < 10000f) { decimals = 3; scale = 1000f; }
            else if (value < 100000f) { decimals = 2; scale = 100f; }
            else if (value < 1000000f) { decimals = 1; scale = 10f; }
            else { decimals = 0; scale = 1f; }

            if (value >= 9.0e18f)
            {
                // Out of the long range: no sensor reads this; keep the JSON valid and let the receiver reject it.
                PutAscii("9e18");
                return;
            }

            long scaled = (long)(value * scale + 0.5f);
            long whole = scaled;
            long fraction = 0;
            for (int i = 0; i < decimals; i++)
            {
                whole /= 10;
            }

            if (decimals > 0)
            {
                long pow = 1;
                for (int i = 0; i < decimals; i++)
                {
                    pow *= 10;
                }

                fraction = scaled - whole * pow;
            }

            PutLong(whole);
            if (fraction == 0)
            {
                return;
            }

            // Trim trailing zeros of the fraction, then write it left-padded with zeros.
            int digits = decimals;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                digits--;
            }

            Put((byte)'.');
            int count = 0;
            while (fraction > 0)
            {
                _digits[count++] = (byte)('0' + (int)(fraction % 10));
                fraction /= 10;
            }

            for (int i = count; i < digits; i++)
            {
                Put((byte)'0');
            }

            while (count > 0)
            {
                Put(_digits[--count]);
            }
        }

        private void PutLong(long value)
        {
            if (value == 0)
            {
                Put((byte)'0');
                return;
            }

            bool negative = value < 0;
            int count = 0;
            // Work in negative numbers so long.MinValue needs no special case.
            long rest = negative ? value : -value;
            while (rest != 0)
            {
                _digits[count++] = (byte)('0' - (int)(rest % 10));
                rest /= 10;
            }

            if (negative)
            {
                Put((byte)'-');
            }

            while (count > 0)
            {
                Put(_digits[--count]);
            }
        }

        private void WriteQuoted(string text)
        {
            Put((byte)'"');
            if (text != null)
            {
                for (int i = 0; i < text.Length; i++)
                {
                    PutChar(text[i]);
                }
            }

            Put((byte)'"');
        }

        private void PutChar(char c)
        {
            if (c == '"' || c == '\\')
            {
                Put((byte)'\\');
                Put((byte)c);
            }
            else if (c < 0x20)
            {
                PutAscii("\\u00");
                Put(HexDigit(c >> 4));
                Put(HexDigit(c & 0xF));
            }
            else if (c < 0x80)
            {
                Put((byte)c);
            }
            else if (c < 0x800)
            {
                Put((byte)(0xC0 | (c >> 6)));
                Put((byte)(0x80 | (c & 0x3F)));
            }
            else
            {
                // Units and ids stay in the Basic Multilingual Plane (e.g. "°C"); surrogate pairs are not expected.
                Put((byte)(0xE0 | (c >> 12)));
                Put((byte)(0x80 | ((c >> 6) & 0x3F)));
                Put((byte)(0x80 | (c & 0x3F)));
            }
        }

        private static byte HexDigit(int value)
        {
            return (byte)(value < 10 ? '0' + value : 'a' + value - 10);
        }

        private void PutAscii(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                Put((byte)text[i]);
            }
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
