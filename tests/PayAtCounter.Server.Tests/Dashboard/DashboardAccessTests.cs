using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Logging;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Dashboard;

/// <summary>Signing in to the dashboard: the key is checked once and never travels again; every action needs the form's token; each account sees only its own.</summary>
public sealed class DashboardAccessTests
{
    [Fact]
    public async Task Pages_ask_for_sign_in_and_a_known_key_gets_a_strict_http_only_cookie_that_holds_no_key()
    {
        using var app = new PayAtCounterApp();
        var browser = new DashboardBrowser(app);

        using var before = await browser.Http.GetAsync("/dashboard/payment-intents?status=Captured");
        using var wrong = await browser.SignInAsync("sk_sandbox_nobody");
        var wrongPage = await wrong.Content.ReadAsStringAsync();
        using var right = await browser.SignInAsync(PayAtCounterApp.SandboxKey, returnUrl: "/dashboard/payment-intents");
        var cookie = right.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("pac_dashboard=", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Redirect, before.StatusCode);
        Assert.Equal("/dashboard/sign-in?returnUrl=%2Fdashboard%2Fpayment-intents%3Fstatus%3DCaptured", before.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("belongs to no account", wrongPage);
        Assert.DoesNotContain("sk_sandbox_nobody", wrongPage);
        Assert.Equal("/dashboard/payment-intents", right.Headers.Location!.OriginalString);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(PayAtCounterApp.SandboxKey, cookie);
        Assert.DoesNotContain(PayAtCounterApp.SandboxKey, await browser.PageAsync("/dashboard/account"));
    }

    [Fact]
    public async Task A_sign_in_link_never_sends_the_person_to_another_site()
    {
        using var app = new PayAtCounterApp();
        var browser = new DashboardBrowser(app);

        using var answer = await browser.SignInAsync(PayAtCounterApp.SandboxKey, returnUrl: "//elsewhere.invalid/login");

        Assert.Equal("/dashboard/terminals", answer.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_action_without_the_forms_token_is_refused_and_changes_nothing()
    {
        using var app = new PayAtCounterApp();
        var browser = new DashboardBrowser(app);
        await browser.SignInAsync(PayAtCounterApp.SandboxKey);
        var api = app.CreateDojoClient();
        var app1 = await api.TerminalIdAsync("APP1");

        using var forged = await browser.Http.PostAsync($"/dashboard/terminals/{app1}/edit", DashboardBrowser.Form(("name", "Renamed by another site")));
        using var signInForged = await new DashboardBrowser(app).Http.PostAsync("/dashboard/sign-in", DashboardBrowser.Form(("key", PayAtCounterApp.SandboxKey)));
        var token = await browser.TokenAsync("/dashboard/terminals");
        using var real = await browser.Http.PostAsync($"/dashboard/terminals/{app1}/edit", DashboardBrowser.Form(("name", "Counter 9"), ("__RequestVerificationToken", token)));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, signInForged.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, real.StatusCode);
        var names = await (await api.GetAsync("/sandbox/terminals")).Content.ReadAsStringAsync();
        Assert.Contains("Counter 9", names);
        Assert.DoesNotContain("Renamed by another site", names);
    }

    [Fact]
    public async Task Each_account_sees_only_its_own_terminals_sessions_and_intents()
    {
        using var app = new PayAtCounterApp();
        var api = app.CreateDojoClient();
        var intent = (string)(await api.CreateIntentAsync())["id"]!;
        var app1 = await api.TerminalIdAsync("APP1");
        var other = new DashboardBrowser(app);
        await other.SignInAsync(PayAtCounterApp.OtherKey);

        using var terminal = await other.Http.GetAsync($"/dashboard/terminals/{app1}");
        using var edit = await other.Http.GetAsync($"/dashboard/terminals/{app1}/edit");
        var token = await other.TokenAsync("/dashboard/terminals");
        using var rename = await other.Http.PostAsync($"/dashboard/terminals/{app1}/edit", DashboardBrowser.Form(("name", "Renamed by another account"), ("__RequestVerificationToken", token)));
        using var intentPage = await other.Http.GetAsync($"/dashboard/payment-intents/{intent}");
        var list = await other.PageAsync("/dashboard/payment-intents");
        var terminals = await other.PageAsync("/dashboard/terminals");

        Assert.Equal(HttpStatusCode.NotFound, terminal.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, edit.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, rename.StatusCode);
        Assert.Equal($"/dashboard/terminals?notice={Uri.EscapeDataString($"No terminal with id {app1}.")}", rename.Headers.Location!.OriginalString);
        Assert.DoesNotContain("Renamed by another account", await (await api.GetAsync("/sandbox/terminals")).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, intentPage.StatusCode);
        Assert.DoesNotContain(intent, list);
        Assert.DoesNotContain(app1, terminals);
    }

    [Fact]
    public async Task The_dashboard_cookie_opens_no_door_of_the_api()
    {
        using var app = new PayAtCounterApp();
        var browser = new DashboardBrowser(app);
        await browser.SignInAsync(PayAtCounterApp.SandboxKey);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/terminals");
        request.Headers.Add("version", "2025-09-10");
        request.Headers.Add("software-house-id", "x");
        using var answer = await browser.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.StatusCode);
    }

    [Fact]
    public async Task Api_requests_never_reach_the_authentication_middleware()
    {
        var schemes = new CountingSchemeProvider();
        using var app = new PayAtCounterApp
        {
            Configure = host => host.ConfigureTestServices(services => services.AddSingleton<IAuthenticationSchemeProvider>(provider =>
                schemes.Wrap(provider.GetRequiredService<IOptions<AuthenticationOptions>>()))),
        };
        var api = app.CreateDojoClient();

        await api.CreateIntentAsync();
        await api.GetAsync("/terminals");
        var beforeDashboard = schemes.RequestHandlerLookups;
        await new DashboardBrowser(app).SignInAsync(PayAtCounterApp.SandboxKey);

        Assert.Equal(0, beforeDashboard);
        // Nor is the authorization middleware placed: WebApplication adds it when authorization services exist.
        Assert.Null(app.Services.GetService<Microsoft.AspNetCore.Authorization.IAuthorizationHandlerProvider>());
        Assert.True(schemes.Used, "the dashboard's sign-in did not use the scheme provider: the counter would prove nothing");
    }

    // Counts what the authentication middleware asks on every request it sees: the schemes that handle requests.
    private sealed class CountingSchemeProvider
    {
        private int _lookups;
        private Provider? _provider;

        public int RequestHandlerLookups => _lookups;

        public bool Used => _provider?.Used ?? false;

        public IAuthenticationSchemeProvider Wrap(IOptions<AuthenticationOptions> options) => _provider = new Provider(options, this);

        private sealed class Provider(IOptions<AuthenticationOptions> options, CountingSchemeProvider counts) : AuthenticationSchemeProvider(options)
        {
            public bool Used { get; private set; }

            public override Task<IEnumerable<AuthenticationScheme>> GetRequestHandlerSchemesAsync()
            {
                Interlocked.Increment(ref counts._lookups);
                return base.GetRequestHandlerSchemesAsync();
            }

            public override Task<AuthenticationScheme?> GetSchemeAsync(string name)
            {
                Used = true;
                return base.GetSchemeAsync(name);
            }
        }
    }

    [Fact]
    public async Task Signing_in_writes_no_key_to_the_log()
    {
        var logs = new List<string>();
        using var app = new PayAtCounterApp(settings: new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace" })
        {
            Configure = host => host.ConfigureLogging(logging => logging.AddProvider(new ListLoggerProvider(logs))),
        };
        var browser = new DashboardBrowser(app);

        await browser.SignInAsync("sk_sandbox_wrong_key_typed_here");
        await browser.SignInAsync(PayAtCounterApp.SandboxKey);
        await browser.PageAsync("/dashboard/account");

        Assert.NotEmpty(logs);
        Assert.DoesNotContain(logs, line => line.Contains(PayAtCounterApp.SandboxKey, StringComparison.Ordinal) || line.Contains("wrong_key_typed_here", StringComparison.Ordinal));
    }
}
