using PayAtCounter.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddPayAtCounter();
var app = builder.Build();

if (args is ["accounts", ..])
{
    return await AdminCommands.RunAsync(app, args);
}

app.MapPayAtCounter();
await app.PrepareDataAsync();
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the integration tests' <c>WebApplicationFactory</c>.</summary>
public partial class Program;
