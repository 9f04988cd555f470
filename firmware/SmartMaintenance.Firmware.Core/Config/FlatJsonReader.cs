#nullable disable
using System.Text;

namespace SmartMaintenance.Firmware.Core.Config
{
    /// <summary>
    /// A minimal reader for one flat JSON object (string keys; number, string, true/false/null values, and arrays of
    /// those). Nested objects, and arrays inside arrays, are refused. Enough for config messages; not a general JSON
    /// parser. An array is read item by item with <see cref="NextItem"/> (no list is built); items the caller does
    /// not read are skipped by the next <see cref="NextProperty"/>.
    /// </summary>
    public sealed class FlatJsonReader
    {
        public const int KindNone = 0;
        public const int KindNumber = 1;
        public const int KindString = 2;
        public const int KindBool = 3;
        public const int KindNull = 4;
        public const int KindArray = 5;

        private readonly byte[] _data;
        private readonly int _length;
        private int _pos;
        private bool _first = true;
        private bool _inArray;
        private bool _firstItem;

        public FlatJsonReader(byte[] data, int length)
        {
            _data = data;
            _length = length;
        }

        public string PropertyName;
        public int ValueKind;
        public float NumberValue;
        public long LongValue;
        public string StringValue;
        public bool BoolValue;
        public bool Failed;

        public int Position
        {
            get { return _pos; }
        }

        public bool BeginObject()
        {
            SkipSpace();
            if (_pos < _length && _data[_pos] == (byte)'{')
            {
                _pos++;
                return true;
            }

            Failed = true;
            return false;
        }

        /// <summary>Moves to the next property; false at the end of the object or on an error (see Failed).</summary>
        public bool NextProperty()
        {
            if (Failed)
            {
                return false;
            }

            while (_inArray)
            {
                if (!NextItem() && Failed)
                {
                    return false;
                }
            }

            SkipSpace();
            if (_pos >= _length)
            {
                return Fail();
            }

            if (_data[_pos] == (byte)'}')
            {
                _pos++;
                return false;
            }

            if (!_first)
            {
                if (_data[_pos] != (byte)',')
                {
                    return Fail();
                }

                _pos++;
                SkipSpace();
            }

            _first = false;
            string name = ReadString();
            if (name == null)
            {
                return Fail();
            }

            SkipSpace();
            if (_pos >= _length || _data[_pos] != (byte)':')
            {
                return Fail();
            }

            _pos++;
            SkipSpace();
            PropertyName = name;
            return ReadValue();
        }

        /// <summary>
        /// Inside an array value (ValueKind was KindArray): moves to its next item and sets ValueKind and the value;
        /// false at the end of the array or on an error (see Failed).
        /// </summary>
        public bool NextItem()
        {
            if (Failed || !_inArray)
            {
                return false;
            }

            SkipSpace();
            if (_pos >= _length)
            {
                return Fail();
            }

            if (_data[_pos] == (byte)']')
            {
                _pos++;
                _inArray = false;
                return false;
            }

            if (!_firstItem)
            {
                if (_data[_pos] != (byte)',')
                {
                    return Fail();
                }

                _pos++;
                SkipSpace();
            }

            _firstItem = false;
            if (_pos < _length && (_data[_pos] == (byte)'[' || _data[_pos] == (byte)'{'))
            {
                return Fail();
            }

            return ReadValue();
        }

        private bool ReadValue()
        {
            if (_pos >= _length)
            {
                return Fail();
            }

            byte b = _data[_pos];
            if (b == (byte)'[')
            {
                _pos++;
                _inArray = true;
                _firstItem = true;
                ValueKind = KindArray;
                return true;
            }

            if (b == (byte)'"')
            {
                StringValue = ReadString();
                ValueKind = KindString;
                return StringValue != null || Fail();
            }

            if (b == (byte)'t')
            {
                BoolValue = true;
                ValueKind = KindBool;
                return Literal("true");
            }

            if (b == (byte)'f')
            {
                BoolValue = false;
                ValueKind = KindBool;
                return Literal("false");
            }

            if (b == (byte)'n')
            {
                ValueKind = KindNull;
                return Literal("null");
            }

            if (b == (byte)'-' || (b >= (byte)'0' && b <= (byte)'9'))
            {
                ValueKind = KindNumber;
                return ReadNumber();
            }

            return Fail();
        }

        private bool ReadNumber()
        {
            bool negative = false;
            if (_data[_pos] == (byte)'-')
            {
                negative = true;
                _pos++;
            }

            long whole = 0;
            int digits = 0;
            while (_pos < _length && _data[_pos] >= (byte)'0' && _data[_pos] <= (byte)'9')
            {
                if (digits < 18)
                {
                    whole = whole * 10 + (_data[_pos] - (byte)'0');
                }

                digits++;
                _pos++;
            }

            if (digits == 0)
            {
                return Fail();
            }

            float value = whole;
            if (_pos < _length && _data[_pos] == (byte)'.')
            {
                _pos++;
                float scale = 0.1f;
                int fractionDigits = 0;
                while (_pos < _length && _data[_pos] >= (byte)'0' && _data[_pos] <= (byte)'9')
                {
                    value += (_data[_pos] - (byte)'0') * scale;
                    scale *= 0.1f;
                    fractionDigits++;
                    _pos++;
                }

                if (fractionDigits == 0)
                {
                    return Fail();
                }
            }

            if (_pos < _length && (_data[_pos] == (byte)'e' || _data[_pos] == (byte)'E'))
            {
                _pos++;
                bool negativeExponent = false;
                if (_pos < _length && (_data[_pos] == (byte)'+' || _data[_pos] == (byte)'-'))
                {
                    negativeExponent = _data[_pos] == (byte)'-';
                    _pos++;
                }

                int exponent = 0;
                int exponentDigits = 0;
                while (_pos < _length && _data[_pos] >= (byte)'0' && _data[_pos] <= (byte)'9')
                {
                    exponent = exponent * 10 + (_data[_pos] - (byte)'0');
                    exponentDigits++;
                    _pos++;
                }

                if (exponentDigits == 0 || exponent > 38)
                {
                    return Fail();
                }

                for (int i = 0; i < exponent; i++)
                {
                    value = negativeExponent ? value / 10f : value * 10f;
                }
            }

            NumberValue = negative ? -value : value;
            LongValue = negative ? -whole : whole;
            return true;
        }

        private string ReadString()
        {
            if (_pos >= _length || _data[_pos] != (byte)'"')
            {
                return null;
            }

            int start = ++_pos;
            bool escaped = false;
            while (_pos < _length && _data[_pos] != (byte)'"')
            {
                if (_data[_pos] == (byte)'\\')
                {
                    // Skip the escaped character so an escaped quote does not end the string.
                    escaped = true;
                    _pos++;
                }

                _pos++;
            }

            if (_pos >= _length)
            {
                return null;
            }

            char[] chars = UTF8Encoding.UTF8.GetChars(_data, start, _pos - start);
            _pos++;
            return escaped ? Unescape(chars) : new string(chars);
        }

        /// <summary>
        /// Decodes the JSON escapes (RFC 8259 section 7) of a string's characters: a Wi-Fi password may hold a
        /// quote or a backslash, and a PEM certificate in the provisioning file holds line breaks. Null when an
        /// escape is malformed. Escapes are ASCII, so decoding UTF-8 first and unescaping after is exact.
        /// </summary>
        private static string Unescape(char[] chars)
        {
            int n = 0;
            for (int i = 0; i < chars.Length; i++)
            {
                char c = chars[i];
                if (c != '\\')
                {
                    chars[n++] = c;
                    continue;
                }

                if (++i >= chars.Length)
                {
                    return null;
                }

                switch (chars[i])
                {
                    case '"': chars[n++] = '"'; break;
                    case '\\': chars[n++] = '\\'; break;
                    case '/': chars[n++] = '/'; break;
                    case 'b': chars[n++] = '\b'; break;
                    case 'f': chars[n++] = '\f'; break;
                    case 'n': chars[n++] = '\n'; break;
                    case 'r': chars[n++] = '\r'; break;
                    case 't': chars[n++] = '\t'; break;
                    case 'u':
                        if (i + 4 >= chars.Length)
                        {
                            return null;
                        }

                        int code = 0;
                        for (int k = 1; k <= 4; k++)
                        {
                            int digit = HexDigit(chars[i + k]);
                            if (digit < 0)
                            {
                                return null;
                            }

                            code = (code << 4) | digit;
                        }

                        chars[n++] = (char)code;
                        i += 4;
                        break;
                    default:
                        return null;
                }
            }

            return new string(chars, 0, n);
        }

        private static int HexDigit(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            return -1;
        }

        private bool Literal(string word)
        {
            if (_pos + word.Length > _length)
            {
                return Fail();
            }

            for (int i = 0; i < word.Length; i++)
            {
                if (_data[_pos + i] != (byte)word[i])
                {
                    return Fail();
                }
            }

            _pos += word.Length;
            return true;
        }

        private void SkipSpace()
        {
            while (_pos < _length)
            {
                byte b = _data[_pos];
                if (b != (byte)' ' && b != (byte)'\t' && b != (byte)'\r' && b != (byte)'\n')
                {
                    return;
                }

                _pos++;
            }
        }

        private bool Fail()
        {
            Failed = true;
            return false;
        }
    }
}
