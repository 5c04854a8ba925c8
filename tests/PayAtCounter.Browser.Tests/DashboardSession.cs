using Microsoft.Playwright;

namespace PayAtCounter.Browser.Tests;

/// <summary>A person at the dashboard: a fresh browser context (own cookies) on a fresh server, signed in or not.</summary>
public sealed class DashboardSession : IAsyncDisposable
{
    private DashboardSession(DashboardServer server, IBrowserContext context, IPage page)
    {
        Server = server;
        Context = context;
        Page = page;
    }

    /// <summary>The server.</summary>
    public DashboardServer Server { get; }

    /// <summary>The browser context.</summary>
    public IBrowserContext Context { get; }

    /// <summary>The page.</summary>
    public IPage Page { get; }

    /// <summary>A new server and a page on it; signed in with the sandbox key unless <paramref name="signIn"/> is false.</summary>
    public static async Task<DashboardSession> StartAsync(BrowserFixture browser, double clockSpeed = 20, bool signIn = true, ViewportSize? viewport = null)
    {
        var server = new DashboardServer(clockSpeed);
        var context = await browser.Browser.NewContextAsync(new() { BaseURL = server.Url, ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        var session = new DashboardSession(server, context, await context.NewPageAsync());
        if (signIn)
        {
            await session.SignInAsync(DashboardServer.Key);
            await Assertions.Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = "Terminals", Exact = true })).ToBeVisibleAsync();
        }
        return session;
    }

    /// <summary>Fills the sign-in form with <paramref name="key"/> and sends it.</summary>
    public async Task SignInAsync(string key)
    {
        await Page.GotoAsync("/dashboard/sign-in");
        await Page.GetByLabel("API key").FillAsync(key);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>Opens the PDQ page of the terminal whose TID ends with <paramref name="suffix"/>, from the terminals list.</summary>
    public async Task<string> OpenPdqAsync(string suffix)
    {
        var terminalId = await Server.TerminalAsync(suffix);
        await Page.GotoAsync($"/dashboard/terminals/{terminalId}");
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { NameRegex = new($"PDQ .*{suffix}$") })).ToBeVisibleAsync();
        return terminalId;
    }

    /// <summary>The PDQ's screen.</summary>
    public ILocator Screen => Page.GetByRole(AriaRole.Status, new() { Name = "PDQ screen" });

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        Server.Dispose();
    }
}
