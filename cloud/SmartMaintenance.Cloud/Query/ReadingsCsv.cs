using System.Globalization;
using System.Text;
using SmartMaintenance.Contracts;

namespace SmartMaintenance.Cloud.Query;

/// <summary>
/// The one CSV spelling of stored readings, shared by the API's export (GET /api/v1/sensors/readings/export) and the
/// dashboard's Data Explorer export: invariant culture, numbers that read back to the same double ("R"), times in
/// UTC ISO 8601, absent values empty. New columns go at the end, so a consumer reading the older ones by position
/// keeps working.
/// </summary>
public static class ReadingsCsv
{
    public const string Header = "id,device_id,sequence,sensor_id,sensor_type,unit,kind,value,timestamp,received_at,correlation_id,z_score," +
                                 "summary_count,summary_std,summary_min,summary_max,baseline_mean,baseline_std,stuck\n";

    /// <summary>Appends one reading as a CSV line (with its line break).</summary>
    public static StringBuilder AppendRow(StringBuilder line, StoredReading r) =>
        line.Append(r.Id).Append(',').Append(Field(r.DeviceId)).Append(',').Append(r.Sequence).Append(',')
            .Append(Field(r.SensorId)).Append(',').Append(Field(r.SensorType)).Append(',').Append(Field(r.Unit)).Append(',')
            .Append(Field(r.Kind)).Append(',').Append(r.Value.ToString("R", CultureInfo.InvariantCulture)).Append(',')
            .Append(r.Timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)).Append(',')
            .Append(r.ReceivedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)).Append(',')
            .Append(Field(r.CorrelationId)).Append(',').Append(Number(r.ZScore)).Append(',')
            .Append(r.SummaryCount).Append(',').Append(Number(r.SummaryStd)).Append(',')
            .Append(Number(r.SummaryMin)).Append(',').Append(Number(r.SummaryMax)).Append(',')
            .Append(Number(r.BaselineMean)).Append(',').Append(Number(r.BaselineStd)).Append(',')
            .Append(Flag(r.Stuck)).Append('\n');

    /// <summary>Quotes a field when needed; a leading =, +, - or @ is prefixed with ' against spreadsheet formula injection.</summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        if (value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static string? Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

    // true / false as JSON spells them; empty when absent.
    private static string? Flag(bool? value) => value switch { true => "true", false => "false", null => null };
}
