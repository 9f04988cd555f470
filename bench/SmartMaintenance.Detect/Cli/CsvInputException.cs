namespace SmartMaintenance.Detect.Cli;

/// <summary>The input file cannot be read as a machine CSV; the message names the file and the line.</summary>
public sealed class CsvInputException(string message) : Exception(message);
