using System.Reflection;

[assembly: AssemblyTitle("SmartMaintenance.Firmware")]
[assembly: AssemblyProduct("SmartMaintenance")]
[assembly: AssemblyVersion("1.0.0.0")]
