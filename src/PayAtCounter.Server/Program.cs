using PayAtCounter.Server.Errors;
using PayAtCounter.Server.Hosting;
using PayAtCounter.Server.PaymentIntents;
using PayAtCounter.Server.Sandbox;
using PayAtCounter.Server.Storage;
using PayAtCounter.Server.Terminals;
using PayAtCounter.Server.TerminalSessions;
using PayAtCounter.Server.Versioning;
using PayAtCounter.Server.Webhooks;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.AddDojoJson();
builder.AddStorage();
builder.AddSandbox();
builder.AddApiKeyAuth();
builder.AddWebhooks();
builder.Services.AddOpenApi();

var app = builder.Build();

if (args is ["accounts", ..])
{
    return await AdminCommands.RunAsync(app, args);
}

app.UseExceptionHandler();
app.UseStatusCodePages(context => ApiErrorWriter.WriteAsync(context.HttpContext, StatusCodeErrors.For(context.HttpContext)));
app.UseMiddleware<RequestSizeLimitMiddleware>();
app.UseAuthentication();
app.UseAuthorization();
app.UseMiddleware<DojoVersionMiddleware>();

app.MapOpenApi();
app.MapScalarApiReference();
app.MapGet("/", () => Results.Redirect("/scalar")).ExcludeFromDescription();
app.MapPaymentIntentsApi();
app.MapTerminalsApi();
app.MapTerminalSessionsApi();
app.MapWebhooksApi();
app.MapSandboxApi();
app.MapSandboxTerminalsApi();
app.MapSandboxWebhooksApi();

await app.Services.InitializeStorageAsync();
await app.Services.RestoreSandboxClockAsync();
await app.Services.ContinueIdSequenceAsync();
await app.BootstrapAccountsAsync();
await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the integration tests' <c>WebApplicationFactory</c>.</summary>
public partial class Program;
