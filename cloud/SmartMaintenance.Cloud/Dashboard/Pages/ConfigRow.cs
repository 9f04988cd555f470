namespace SmartMaintenance.Cloud.Dashboard.Pages;

/// <summary>One setting of the desired-versus-reported table on the device page (values already formatted).</summary>
public sealed record ConfigRow(string Key, string LabelKey, string Desired, string Reported, bool Differs);
