using Microsoft.Extensions.Options;
using PayAtCounter.Server.Hosting;

// Settings are read once: reloading them on change makes .NET watch the whole content root (the working
// folder, often a repository) for file changes, 8 % of a cold start's CPU in one profile.
// The slim builder leaves out what this server does not use (IIS, static web assets, the EventLog and Debug
// loggers), ~40 ms of a cold start; HTTPS endpoints from settings are added back.
// The content root is the program's own folder, where its appsettings.json is, wherever it is started from; the
// data folder, like any path a person types, is relative to the current folder (StorageSetup). Arguments given
// later (a test host's) still win.
if (HelpText.IsRequested(args))
{
    HelpText.Write(Console.Out);
    return 0;
}
NativeHeap.KeepFreedMemory();
var builder = WebApplication.CreateSlimBuilder(["--hostBuilder:reloadConfigOnChange=false", "--contentRoot=" + AppContext.BaseDirectory, .. args]);
builder.WebHost.UseKestrelHttpsConfiguration();
builder.AddPayAtCounter();
await using var app = builder.Build();

if (args is ["accounts", ..])
{
    return await AdminCommands.RunAsync(app, args);
}

try
{
    app.MapPayAtCounter();
    await app.StartPayAtCounterAsync();
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or OptionsValidationException or System.Data.Common.DbException)
{
    // A port in use, an unusable data folder, an unreachable database: one clear line and a failing exit code, not a crash dump.
    await Console.Error.WriteLineAsync($"PayAtCounter could not start: {StartFailure.Describe(ex)}");
    return 1;
}
await app.WaitForShutdownAsync();
return 0;

/// <summary>The entry point, visible to the integration tests' <c>WebApplicationFactory</c>.</summary>
public partial class Program;
