using System.Text;

namespace SmartMaintenance.Cloud.Storage.DeadLetters;

/// <summary>
/// Makes refused input storable as text on both engines: PostgreSQL text cannot hold NUL, and a lone UTF-16 surrogate
/// (sent escaped in JSON, or left by cutting a payload in the middle of a pair) cannot be encoded as UTF-8. Without
/// this the dead letter of a hostile reading would itself fail to store and turn a refusal into a server error.
/// </summary>
internal static class StorableText
{
    public static string? Of(string? text)
    {
        if (text is null || !NeedsCleaning(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                builder.Append("\\u0000");
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else
            {
                builder.Append(char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        return builder.ToString();
    }

    private static bool NeedsCleaning(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                return true;
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }
}
