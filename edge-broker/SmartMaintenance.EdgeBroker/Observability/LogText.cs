using System.Text;

namespace SmartMaintenance.EdgeBroker.Observability;

/// <summary>
/// Text a client chose (a topic, a client id, a refusal reason quoting its payload) made safe for a log line: at most
/// <see cref="MaxChars"/> characters, so one line cannot carry a 16 KiB topic, and control characters escaped, so a
/// client cannot start a forged line with a newline.
/// </summary>
public static class LogText
{
    public const int MaxChars = 200;

    public static string Clip(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        var clipped = text.Length > MaxChars;
        var span = clipped ? text.AsSpan(0, MaxChars) : text.AsSpan();
        if (!clipped && !span.ContainsAnyInRange('\0', '\x1f') && !span.Contains('\x7f'))
        {
            return text;
        }

        var b = new StringBuilder(span.Length + 32);
        foreach (var c in span)
        {
            if (c < ' ' || c == '\x7f')
            {
                b.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                b.Append(c);
            }
        }

        if (clipped)
        {
            b.Append("... (").Append(text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(" characters)");
        }

        return b.ToString();
    }
}
