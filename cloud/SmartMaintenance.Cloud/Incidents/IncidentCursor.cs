using System.Globalization;
using System.Text;

namespace SmartMaintenance.Cloud.Incidents;

/// <summary>
/// The incident list's keyset cursor: opaque to clients (base64url of "i:" and the last id of the page), so the
/// paging key can change without breaking clients that only pass it back.
/// </summary>
public static class IncidentCursor
{
    public static string Encode(long beforeId) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes($"i:{beforeId.ToString(CultureInfo.InvariantCulture)}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string? cursor, out long? beforeId)
    {
        beforeId = null;
        if (string.IsNullOrEmpty(cursor))
        {
            return true;
        }

        if (cursor.Length > 64)
        {
            return false;
        }

        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var text = Encoding.ASCII.GetString(Convert.FromBase64String(padded));
            if (text.StartsWith("i:", StringComparison.Ordinal) &&
                long.TryParse(text.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
            {
                beforeId = id;
                return true;
            }
        }
        catch (FormatException)
        {
            // Not base64: an invalid cursor, reported as such below.
        }

        return false;
    }
}
