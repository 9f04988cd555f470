using SmartMaintenance.Cloud.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddCloudServices();

var app = builder.Build();
app.MapCloudEndpoints();
app.Run();

/// <summary>Entry point, visible to tests that host the real application.</summary>
public partial class Program;
