using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PayAtCounter.Server.Accounts;
using PayAtCounter.Server.Dashboard.Components;
using PayAtCounter.Server.Readiness;
using static PayAtCounter.Server.Dashboard.DashboardResults;

namespace PayAtCounter.Server.Dashboard;

/// <summary>
/// The web dashboard at <c>/</c>: pages rendered on the server from Razor components (no per-visitor state held
/// between requests), made live by htmx and server-sent events. It adds routes and nothing else: no middleware, so
/// the API's requests pass exactly as they did without it.
/// </summary>
public static class DashboardSetup
{
    /// <summary>Registers the components, sign-in, anti-forgery and live updates.</summary>
    public static IHostApplicationBuilder AddDashboard(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents();
        builder.Services.AddDashboardAccess();
        builder.Services.AddDataProtection().SetApplicationName("PayAtCounter");
        // Data protection reads its key ring at start-up by default. Here the first dashboard page reads it instead:
        // the API's cold start does not pay for a dashboard nobody may open, and at start-up the database may not be
        // ready yet (it is prepared while the server already listens).
        foreach (var warmUp in builder.Services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "DataProtectionHostedService").ToList())
        {
            builder.Services.Remove(warmUp);
        }
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services => new ConfigureOptions<KeyManagementOptions>(
            options => options.XmlRepository = new DatabaseKeyRepository(services.GetRequiredService<IServiceScopeFactory>(), services.GetRequiredService<WallClock>())));
        // The keys are stored as data protection writes them, unencrypted, in the server's own database (which holds
        // webhook secrets in the clear too); its warning about that would be printed on every first sign-in.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        builder.Services.AddSingleton<LiveUpdates>();
        return builder;
    }

    /// <summary>Maps the dashboard's pages, actions, assets and event stream.</summary>
    public static WebApplication MapDashboard(this WebApplication app)
    {
        // Registering the cookie scheme makes WebApplication put the authentication middleware in front of every
        // request, unless the app placed it itself. The dashboard authenticates in its own filter, so it is marked
        // as placed: the API's requests must not pay for a scheme only the dashboard uses
        // (DashboardAccessTests.Api_requests_never_reach_the_authentication_middleware fails if they do).
        ((IApplicationBuilder)app).Properties["__AuthenticationMiddlewareSet"] = true;
        app.MapDashboardAssets();
        app.MapGet("/", () => TypedResults.Redirect("/dashboard/terminals")).ExcludeFromDescription();

        var open = app.MapGroup("/dashboard").ExcludeFromDescription().AllowAnonymousDashboard();
        open.MapGet("/sign-in", (string? returnUrl) => Page<SignInPage>(new { ReturnUrl = LocalOrNull(returnUrl) }));
        open.MapPost("/sign-in", SignInAsync);

        var dashboard = app.MapGroup("/dashboard").ExcludeFromDescription().RequireDashboardSignIn();
        dashboard.MapGet("/", () => TypedResults.Redirect("/dashboard/terminals"));
        dashboard.MapPost("/sign-out", async (HttpContext http) =>
        {
            await DashboardAccess.SignOutAsync(http);
            return TypedResults.Redirect("/dashboard/sign-in");
        });
        dashboard.MapGet("/events", (HttpContext http, LiveUpdates updates, IHostApplicationLifetime lifetime) =>
        {
            // Ends when the page goes, or when the server stops (an open stream would hold the shutdown up).
            var ends = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
            http.Response.RegisterForDispose(ends);
            return TypedResults.ServerSentEvents(updates.StreamAsync(http.Account().Id, ends.Token));
        });
        dashboard.MapTerminalPages();
        dashboard.MapSessionPages();
        dashboard.MapPaymentIntentPages();
        dashboard.MapWebhookPages();
        dashboard.MapRequestPages();
        dashboard.MapReadinessPages();
        dashboard.MapClockPages();
        dashboard.MapAccountPages();
        dashboard.MapFallback(() => NotFound("The dashboard has no such page."));
        return app;
    }

    private static async Task<IResult> SignInAsync([FromForm] string? key, [FromForm] string? returnUrl, HttpContext http, AccountDirectory accounts)
    {
        var account = string.IsNullOrWhiteSpace(key) ? null : await accounts.FindByKeyAsync(key.Trim(), http.RequestAborted);
        if (account is null)
        {
            return Page<SignInPage>(new
            {
                Error = string.IsNullOrWhiteSpace(key) ? "Enter an API key." : "That key belongs to no account here. Use the key the server printed when it started.",
                ReturnUrl = LocalOrNull(returnUrl),
            });
        }
        await DashboardAccess.SignInAsync(http, account, ApiKeys.Fingerprint(key!.Trim()));
        return TypedResults.Redirect(LocalOrNull(returnUrl) ?? "/dashboard/terminals");
    }

    // Only a path on this server: a sign-in link must not send the person elsewhere afterwards.
    private static string? LocalOrNull(string? url)
        => url is { Length: > 1 } && url[0] == '/' && url[1] is not '/' and not '\\' ? url : null;
}
