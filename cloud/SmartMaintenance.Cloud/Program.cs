using SmartMaintenance.Cloud.Hosting;
using SmartMaintenance.Cloud.Security;

// `apikey create|list|revoke` manages API keys against the configured database; anything else runs the host.
if (ApiKeyCommand.Matches(args))
{
    return await ApiKeyCommand.RunAsync(args, Console.Out, Console.Error);
}

await CloudApplication.Build(args).RunAsync();
return 0;
