using System.Globalization;
using System.Text;

namespace SmartMaintenance.Cloud.Agents.DecisionAudit;

/// <summary>CSV export of the decision log (RFC 4180 quoting); incident_id is empty for decisions on orders.</summary>
public static class DecisionCsv
{
    public static string Write(IEnumerable<Decision> decisions)
    {
        var csv = new StringBuilder("id,order_id,decision,operator,reason,correlation_id,decided_at,incident_id\r\n");
        foreach (var d in decisions)
        {
            csv.Append(CultureInfo.InvariantCulture,
                $"{d.Id},{d.OrderId},{d.Kind.ToString().ToLowerInvariant()},{Quote(d.Operator)},{Quote(d.Reason)},{Quote(d.CorrelationId)},{d.DecidedAt:O},{d.IncidentId}\r\n");
        }

        return csv.ToString();
    }

    public static string Quote(string value)
    {
        // A leading =, +, - or @ would be a formula in a spreadsheet: prefix it (CSV injection).
        if (value.Length > 0 && "=+-@".Contains(value[0]))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
