using PayAtCounter.Server.Auth;
using PayAtCounter.Server.Errors;
using PayAtCounter.Server.PaymentIntents;
using PayAtCounter.Server.Sandbox;
using PayAtCounter.Server.Storage;
using PayAtCounter.Server.Terminals;
using PayAtCounter.Server.TerminalSessions;
using PayAtCounter.Server.Versioning;
using PayAtCounter.Server.Webhooks;
using Scalar.AspNetCore;

namespace PayAtCounter.Server.Hosting;

/// <summary>
/// The whole server as three calls, so the executable and the in-process test sandbox
/// (<c>PayAtCounter.Testing</c>) build exactly the same application.
/// </summary>
public static class PayAtCounterApplication
{
    /// <summary>Registers every service the server needs.</summary>
    public static WebApplicationBuilder AddPayAtCounter(this WebApplicationBuilder builder)
    {
        builder.AddDojoJson();
        builder.AddStorage();
        builder.AddSandbox();
        builder.AddApiKeyAuth();
        builder.AddWebhooks();
        builder.Services.AddSingleton<FinishedSessionResponses>();
        builder.Services.AddOpenApi();
        return builder;
    }

    /// <summary>The middleware pipeline and every endpoint.</summary>
    public static WebApplication MapPayAtCounter(this WebApplication app)
    {
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
        return app;
    }

    /// <summary>Creates or opens the database, restores the clock and ids, and makes sure the accounts exist.</summary>
    public static async Task PrepareDataAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        await app.Services.InitializeStorageAsync(cancellationToken);
        await app.Services.RestoreSandboxClockAsync(cancellationToken);
        await app.Services.ContinueIdSequenceAsync(cancellationToken);
        await app.BootstrapAccountsAsync(cancellationToken);
    }
}
