using System.Globalization;
using System.Text;
using CsvHelper;
using SmartMaintenance.Cloud.Detection.Machine;

namespace SmartMaintenance.Detect.Cli;

/// <summary>
/// Runs <see cref="MachineAlertPath"/> (the anomaly agent's detector and incident rule, default options; only the
/// baseline length comes from --train-rows) over one machine CSV and writes one decision row per input row.
/// </summary>
public static class AlertCommand
{
    public static int Run(DetectArguments arguments, TextWriter error)
    {
        var detectorOptions = new MachineDetectorOptions();
        if (arguments.TrainRows is { } k)
        {
            detectorOptions.BaselineObservations = k;
        }

        var temporary = arguments.Output + ".partial";
        try
        {
            using (var reader = new MachineCsvReader(arguments.Input, arguments.TimestampColumn, arguments.Separator))
            using (var writer = new StreamWriter(temporary, append: false, new UTF8Encoding(false)))
            using (var csv = new CsvWriter(writer, CultureInfo.InvariantCulture))
            {
                Write(reader, csv, new MachineAlertPath(detectorOptions.EnsureValid(), new IncidentRuleOptions()));
            }

            File.Move(temporary, arguments.Output, overwrite: true);
            return 0;
        }
        catch (CsvInputException e)
        {
            error.WriteLine(e.Message);
            File.Delete(temporary);
            return 1;
        }
        catch (IOException e)
        {
            error.WriteLine($"{arguments.Input} -> {arguments.Output}: {e.Message}");
            File.Delete(temporary);
            return 1;
        }
    }

    private static void Write(MachineCsvReader reader, CsvWriter csv, MachineAlertPath path)
    {
        foreach (var header in (string[])["timestamp", "alert", "severity", "incident", "sensor"])
        {
            csv.WriteField(header);
        }

        csv.NextRecord();
        var values = new List<SensorValue>(reader.Sensors.Count);
        var index = 0;
        foreach (var row in reader.Rows())
        {
            values.Clear();
            for (var s = 0; s < row.Values.Length; s++)
            {
                if (!double.IsNaN(row.Values[s]))
                {
                    values.Add(new SensorValue(reader.Sensors[s], row.Values[s]));
                }
            }

            // The detector takes its time from the observations but does not use it for the decision; a file's
            // own timestamps may be in any format, so the row's position stands in for it.
            var step = path.Observe(DateTimeOffset.UnixEpoch.AddSeconds(index++), values);
            var alert = step.Incident.InIncident;
            csv.WriteField(row.Timestamp);
            csv.WriteField(alert ? "1" : "0");
            csv.WriteField(alert ? step.Incident.Severity.ToString() : string.Empty);
            csv.WriteField(alert ? step.Incident.IncidentNumber.ToString(CultureInfo.InvariantCulture) : string.Empty);
            csv.WriteField(alert ? step.Verdict.Top?.SensorId ?? string.Empty : string.Empty);
            csv.NextRecord();
        }
    }
}
