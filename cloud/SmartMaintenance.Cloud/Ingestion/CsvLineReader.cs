using System.Text;

namespace SmartMaintenance.Cloud.Ingestion;

/// <summary>
/// Reads a CSV stream one record at a time with a bounded buffer: memory stays at one record however large the
/// upload, and a record longer than <see cref="MaxRecordChars"/> is reported, skipped, and does not grow memory.
/// Supports RFC 4180 quoting ("a ""b""", commas and newlines inside quotes).
/// </summary>
internal sealed class CsvLineReader(Stream stream)
{
    public const int MaxRecordChars = 4096;

    private readonly StreamReader _reader = new(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
    private readonly StringBuilder _field = new();

    /// <summary>1-based line where the last returned record started.</summary>
    public long Line { get; private set; }

    private long _nextLine = 1;

    /// <summary>The next record's fields, null at the end; <paramref name="tooLong"/> when the record was cut.</summary>
    public async ValueTask<List<string>?> ReadAsync(CancellationToken cancellationToken)
    {
        var buffer = new char[1];
        var fields = new List<string>();
        _field.Clear();
        var inQuotes = false;
        var closingQuote = false;
        var length = 0;
        var sawAny = false;
        Line = _nextLine;
        TooLong = false;
        while (true)
        {
            var read = await _reader.ReadAsync(buffer.AsMemory(), cancellationToken);
            if (read == 0)
            {
                if (!sawAny)
                {
                    return null;
                }

                fields.Add(_field.ToString());
                return fields;
            }

            sawAny = true;
            var c = buffer[0];
            if (c == '\n')
            {
                _nextLine++;
            }

            if (closingQuote)
            {
                // A quote inside a quoted field is either doubled (a literal quote) or the end of the field.
                closingQuote = false;
                if (c == '"')
                {
                    Append(c, ref length);
                    continue;
                }

                inQuotes = false;
            }
            else if (inQuotes)
            {
                if (c == '"')
                {
                    closingQuote = true;
                }
                else
                {
                    Append(c, ref length);
                }

                continue;
            }

            switch (c)
            {
                case '"' when _field.Length == 0:
                    inQuotes = true;
                    break;
                case ',':
                    fields.Add(_field.ToString());
                    _field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(_field.ToString());
                    return fields;
                default:
                    Append(c, ref length);
                    break;
            }
        }
    }

    /// <summary>True when the last record exceeded <see cref="MaxRecordChars"/> (its fields are cut).</summary>
    public bool TooLong { get; private set; }

    private void Append(char c, ref int length)
    {
        if (++length > MaxRecordChars)
        {
            TooLong = true;
            return;
        }

        _field.Append(c);
    }
}
