using SmartMaintenance.Cloud.Hosting;

await CloudApplication.Build(args).RunAsync();
