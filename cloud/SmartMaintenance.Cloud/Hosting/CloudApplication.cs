namespace SmartMaintenance.Cloud.Hosting;

/// <summary>Builds the cloud host; Program.cs and the end-to-end tests both start it through here.</summary>
public static class CloudApplication
{
    public static WebApplication Build(string[] args)
    {
        // Content root = the program folder, so appsettings.json is found whatever the working directory.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.AddCloudServices();
        var app = builder.Build();
        app.MapCloudEndpoints();
        return app;
    }
}
