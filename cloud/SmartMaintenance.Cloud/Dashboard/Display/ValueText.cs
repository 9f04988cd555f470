namespace SmartMaintenance.Cloud.Dashboard.Display;

/// <summary>What a page writes for a reading: converted to the user's temperature unit, with its unit's decimals.</summary>
public static class ValueText
{
    public static string Show(Microsoft.AspNetCore.Http.HttpContext? context, double value, string unit)
    {
        var (v, u) = TemperatureDisplay.Convert(value, unit, TemperatureDisplay.Preferred(context));
        return UnitFormat.WithUnit(v, u);
    }
}
