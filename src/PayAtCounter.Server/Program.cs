using PayAtCounter.Server.Hosting;

// Settings are read once: reloading them on change makes .NET watch the whole content root (the working
// folder, often a repository) for file changes, which cost a tenth of the CPU of a cold start.
var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
builder.AddPayAtCounter();
await using var app = builder.Build();

if (args is ["accounts", ..])
{
    return await AdminCommands.RunAsync(app, args);
}

app.MapPayAtCounter();
await app.StartPayAtCounterAsync();
await app.WaitForShutdownAsync();
return 0;

/// <summary>The entry point, visible to the integration tests' <c>WebApplicationFactory</c>.</summary>
public partial class Program;
