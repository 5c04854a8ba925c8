using PayAtCounter.Server.Accounts;
using PayAtCounter.Server.Dashboard;
using PayAtCounter.Server.Errors;
using PayAtCounter.Server.Health;
using PayAtCounter.Server.Observability;
using PayAtCounter.Server.PaymentIntents;
using PayAtCounter.Server.Readiness;
using PayAtCounter.Server.Sandbox;
using PayAtCounter.Server.Scenarios;
using PayAtCounter.Server.Scheduling;
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
        builder.AddScheduling();
        builder.AddAccounts();
        builder.AddRateLimits();
        builder.Services.AddPaymentIntents();
        builder.Services.AddTerminals();
        builder.Services.AddTerminalSessions();
        builder.AddWebhooks();
        builder.AddReadiness();
        builder.Services.AddScenarios();
        builder.Services.AddFaults();
        builder.AddDashboard();
        builder.Services.AddSingleton<DataReadiness>();
        builder.AddHealth();
        builder.AddTelemetry();
        builder.Services.AddPayAtCounterOpenApi();
        return builder;
    }

    /// <summary>The middleware pipeline and every endpoint.</summary>
    public static WebApplication MapPayAtCounter(this WebApplication app)
    {
        var readiness = app.Services.GetRequiredService<DataReadiness>();
        // Requests wait for the data; the probes answer at once, saying whether it is ready.
        app.Use((context, next) => readiness.IsReady || TelemetrySetup.IsProbe(context.Request.Path) ? next(context) : WhenReadyAsync(readiness, context, next));
        // Outermost: the line for the request carries the status the client finally got.
        app.UseMiddleware<RequestLogMiddleware>();
        // First: it records the final answer, error bodies and 401s included.
        app.UseMiddleware<RecordingMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages(context => ApiErrorWriter.WriteAsync(context.HttpContext, StatusCodeErrors.For(context.HttpContext)));
        app.UseMiddleware<RequestSizeLimitMiddleware>();
        app.UseMiddleware<Utf8BodyMiddleware>();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseRateLimits();
        // After the key, so it knows the account whose rules apply; before the version check, as an outage would be.
        app.UseMiddleware<FaultMiddleware>();
        app.UseMiddleware<DojoVersionMiddleware>();

        app.MapOpenApi();
        app.MapScalarApiReference();
        app.MapPaymentIntentsApi();
        app.MapTerminalsApi();
        app.MapTerminalSessionsApi();
        app.MapWebhooksApi();
        app.MapSandboxApi();
        app.MapSandboxTerminalsApi();
        app.MapSandboxWebhooksApi();
        app.MapScenariosApi();
        app.MapFaultsApi();
        app.MapTriggersApi();
        app.MapDeliveryRulesApi();
        app.MapReadinessApi();
        app.MapDashboard();
        app.MapHealth();
        app.MapTelemetry();
        return app;
    }

    /// <summary>
    /// Creates or opens the database, restores the clock and ids, and makes sure the accounts exist; then
    /// lets requests and workers in (<see cref="DataReadiness"/>).
    /// </summary>
    public static async Task PrepareDataAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        var readiness = app.Services.GetRequiredService<DataReadiness>();
        try
        {
            await app.Services.InitializeStorageAsync(cancellationToken);
            await app.Services.RestoreSandboxClockAsync(cancellationToken);
            await app.Services.ContinueIdSequenceAsync(cancellationToken);
            await app.BootstrapAccountsAsync(cancellationToken);
            readiness.MarkReady();
        }
        catch (Exception ex)
        {
            readiness.MarkFailed(ex);
            throw;
        }
    }

    /// <summary>
    /// Starts listening at once and prepares the data alongside (on two cores the two start-ups overlap);
    /// completes when both are done. A failed preparation stops the server and is rethrown.
    /// </summary>
    public static async Task StartPayAtCounterAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        // Task.Run: SQLite's async calls complete synchronously, so a plain call would finish before listening.
        var preparing = Task.Run(() => app.PrepareDataAsync(cancellationToken), CancellationToken.None);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            // Not listening (a port in use, say): let the preparation finish before the host is disposed. If
            // the preparation failed, that is the cause (its failure stops the host mid-start): report it.
            await Task.WhenAny(preparing);
            // The background loops may have started before the listener failed: stop them before the host is
            // disposed under them (they would log disposed-object errors on the way out).
            await app.StopAsync(CancellationToken.None);
            if (preparing.IsFaulted)
            {
                await preparing;
            }
            throw;
        }
        try
        {
            await preparing;
        }
        catch
        {
            await app.StopAsync(CancellationToken.None);
            throw;
        }
    }

    // A request that gives up while waiting is simply dropped; a failed preparation stops the server anyway.
    private static async Task WhenReadyAsync(DataReadiness readiness, HttpContext context, RequestDelegate next)
    {
        if (await readiness.WhenReadyAsync(context.RequestAborted))
        {
            await next(context);
        }
    }
}
