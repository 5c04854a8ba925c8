using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using PayAtCounter.Server.Accounts;

namespace PayAtCounter.Server.Dashboard;

/// <summary>
/// Signing in to the dashboard with an account's API key: the key is checked once, then a cookie session carries
/// the account (HttpOnly, SameSite=Strict, Secure over HTTPS); the key itself is never stored in the cookie, put
/// in an address or a page, or logged. Every form and action carries an anti-forgery token.
/// Checked by an endpoint filter on the dashboard's routes, not by authentication middleware: the API's
/// requests never meet it.
/// </summary>
public static class DashboardAccess
{
    /// <summary>The cookie scheme.</summary>
    public const string Scheme = "PayAtCounter.Dashboard";

    private const string NameClaim = "pac:account-name";
    private const string SandboxClaim = "pac:sandbox";
    private const string FingerprintClaim = "pac:key-fingerprint";

    /// <summary>Registers the cookie scheme and anti-forgery.</summary>
    public static IServiceCollection AddDashboardAccess(this IServiceCollection services)
    {
        services.AddAuthentication().AddCookie(Scheme, options =>
        {
            options.Cookie.Name = "pac_dashboard";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = TimeSpan.FromHours(12);
            options.SlidingExpiration = true;
            options.LoginPath = "/dashboard/sign-in";
            // Real time: the DI clock is the sandbox's, and advancing it 30 days must not sign anyone out.
            options.TimeProvider = TimeProvider.System;
        });
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "pac_csrf";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.HeaderName = "RequestVerificationToken";
        });
        services.AddScoped<DashboardContext>();
        return services;
    }

    /// <summary>The routes of <paramref name="group"/> need a signed-in person, and their actions a valid anti-forgery token.</summary>
    public static RouteGroupBuilder RequireDashboardSignIn(this RouteGroupBuilder group)
        => group.AddEndpointFilter(SignedInAsync).DisableAntiforgery().WithMetadata(new DashboardAccessAttribute(SignedIn: true));

    /// <summary>The routes of <paramref name="group"/> are open (the sign-in page), but their actions need a valid anti-forgery token.</summary>
    public static RouteGroupBuilder AllowAnonymousDashboard(this RouteGroupBuilder group)
        => group.AddEndpointFilter(AnonymousAsync).DisableAntiforgery().WithMetadata(new DashboardAccessAttribute(SignedIn: false));

    /// <summary>Signs <paramref name="account"/> in, for the person who gave the key with <paramref name="keyFingerprint"/>.</summary>
    public static Task SignInAsync(HttpContext http, Account account, string keyFingerprint)
    {
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, account.Id),
            new Claim(NameClaim, account.Name),
            new Claim(SandboxClaim, account.IsSandbox ? "true" : "false"),
            new Claim(FingerprintClaim, keyFingerprint),
        ], Scheme);
        return http.SignInAsync(Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties { IsPersistent = false });
    }

    /// <summary>Ends the session.</summary>
    public static Task SignOutAsync(HttpContext http) => http.SignOutAsync(Scheme);

    private static async ValueTask<object?> SignedInAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var http = invocation.HttpContext;
        var signedIn = await http.AuthenticateAsync(Scheme);
        if (!signedIn.Succeeded || AccountOf(signedIn.Principal!) is not { } account)
        {
            return ToSignIn(http);
        }
        http.User = signedIn.Principal!;
        // The same feature the API key middleware sets: the features' request contexts work unchanged.
        http.Features.Set(account);
        var dashboard = http.RequestServices.GetRequiredService<DashboardContext>();
        dashboard.Account = account;
        dashboard.KeyFingerprint = signedIn.Principal!.FindFirstValue(FingerprintClaim);
        return await ContinueAsync(invocation, next, dashboard);
    }

    private static ValueTask<object?> AnonymousAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
        => ContinueAsync(invocation, next, invocation.HttpContext.RequestServices.GetRequiredService<DashboardContext>());

    private static async ValueTask<object?> ContinueAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next, DashboardContext dashboard)
    {
        var http = invocation.HttpContext;
        var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && !await antiforgery.IsRequestValidAsync(http))
        {
            return Results.Content(
                "This form has expired (the server restarted, or you signed in again elsewhere). Go back, reload the page and try again.",
                "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
        }
        dashboard.CsrfToken = antiforgery.GetAndStoreTokens(http).RequestToken ?? "";
        dashboard.Path = http.Request.Path.Value ?? "/";
        dashboard.Notice = http.Request.Query["notice"].FirstOrDefault();
        return await next(invocation);
    }

    private static Account? AccountOf(ClaimsPrincipal principal)
        => principal.FindFirstValue(ClaimTypes.NameIdentifier) is { } id && principal.FindFirstValue(NameClaim) is { } name
            ? new Account(id, name, principal.FindFirstValue(SandboxClaim) == "true")
            : null;

    // htmx follows a redirect inside the page; HX-Redirect makes it load the sign-in page whole.
    private static IResult ToSignIn(HttpContext http)
    {
        var back = http.Request.Path + http.Request.QueryString;
        var signIn = "/dashboard/sign-in" + (HttpMethods.IsGet(http.Request.Method) ? $"?returnUrl={Uri.EscapeDataString(back)}" : "");
        if (http.Request.Headers.ContainsKey("HX-Request"))
        {
            http.Response.Headers["HX-Redirect"] = signIn;
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        }
        return Results.Redirect(signIn);
    }
}

/// <summary>Marks a dashboard route and whether it needs a signed-in person, so a test can tell no route was left open.</summary>
/// <param name="SignedIn">True when the route needs a signed-in person; false on the sign-in page.</param>
public sealed record DashboardAccessAttribute(bool SignedIn);
