using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PayAtCounter.Browser.Tests;

/// <summary>
/// Every page, with data on it, scanned by axe (no serious or critical violation) on a laptop and a phone width, and
/// photographed for the README.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture browser)
{
    private static readonly string[] Blocking = ["serious", "critical"];

    [Theory]
    [InlineData("laptop", 1280, 900)]
    [InlineData("phone", 390, 844)]
    public async Task Every_page_has_no_serious_or_critical_accessibility_violation(string device, int width, int height)
    {
        await using var person = await DashboardSession.StartAsync(browser, viewport: new ViewportSize { Width = width, Height = height });
        var server = person.Server;
        var pdq = await server.TerminalAsync("PDQ1");
        var paid = await server.IntentAsync(1800);
        await server.PostAsync($"/sandbox/payment-intents/{paid}/card-payment", """{"entryMode":"Contactless"}""");
        var refund = await server.PostAsync($"/payment-intents/{paid}/refunds", """{"amount":300,"refundReason":"Returned"}""");
        using var receiver = new ClosedPort();
        await server.PostAsync("/webhooks", $$"""{"events":["payment_intent.status_updated"],"url":"{{receiver.Url("/hooks")}}","description":"Till webhooks"}""");
        await server.PostAsync("/sandbox/readiness/runs", """{"name":"POS 4.2 QA","posVersion":"4.2.0"}""");
        var sale = await server.SaleAsync(await server.TerminalAsync("APP1"), await server.IntentAsync(2500));
        await server.WaitForSessionAsync(sale, "Captured");
        var live = await server.SaleAsync(pdq, await server.IntentAsync(1250));

        var pages = new (string Name, string Path, string Heading)[]
        {
            ("terminals", "/dashboard/terminals", "Terminals"),
            ("pdq", $"/dashboard/terminals/{pdq}", "PDQ VCMPYC8PDQ1"),
            ("terminal-edit", $"/dashboard/terminals/{pdq}/edit", "Rename or remove VCMPYC8PDQ1"),
            ("sessions", "/dashboard/sessions", "Terminal sessions"),
            ("session", $"/dashboard/sessions/{sale}", $"Session {sale}"),
            ("payment-intents", "/dashboard/payment-intents", "Payment intents"),
            ("payment-intent", $"/dashboard/payment-intents/{paid}", $"Payment intent {paid}"),
            ("webhooks", "/dashboard/webhooks", "Webhooks"),
            ("requests", "/dashboard/requests", "API requests"),
            ("readiness", "/dashboard/readiness", "Go-live readiness"),
            ("clock", "/dashboard/clock", "Sandbox clock"),
            ("account", "/dashboard/account", "Account"),
            ("not-found", "/dashboard/no-such-page", "Not found"),
        };
        var found = new List<string>();
        foreach (var (name, path, heading) in pages)
        {
            await person.Page.GotoAsync(path);
            await Expect(person.Page.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true, Level = 1 })).ToBeVisibleAsync();
            if (name == "pdq")
            {
                await Expect(person.Screen).ToContainTextAsync("Present card");
            }
            if (name == "payment-intent")
            {
                await Expect(person.Page.Locator("#intent")).ToContainTextAsync((string)refund["refundId"]!);
            }
            found.AddRange(await ViolationsAsync(person.Page, $"{device} {path}"));
            await Screenshots.TakeAsync(person.Page, $"{device}-{name}", fullPage: name is not ("readiness" or "requests"), shown: name != "terminal-edit" && (device == "laptop" || name is "pdq" or "terminals"));
        }
        await person.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(person.Page.GetByLabel("API key")).ToBeVisibleAsync();
        found.AddRange(await ViolationsAsync(person.Page, $"{device} sign-in"));
        await Screenshots.TakeAsync(person.Page, $"{device}-sign-in", shown: device == "laptop");
        _ = live;

        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Fact]
    public void The_screenshots_the_readme_shows_are_committed()
    {
        var readme = File.ReadAllText(Path.Combine(PayAtCounter.Tests.Shared.RepositoryPaths.Root(), "README.md"));
        var shown = System.Text.RegularExpressions.Regex.Matches(readme, @"docs/screenshots/([\w-]+\.png)").Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.NotEmpty(shown);
        Assert.All(shown, file => Assert.True(File.Exists(Path.Combine(Screenshots.Committed, file)), $"docs/screenshots/{file} is shown in the README but missing; run the browser tests with UPDATE_SCREENSHOTS=1"));
    }

    private static async Task<IEnumerable<string>> ViolationsAsync(IPage page, string where)
    {
        var result = await page.RunAxe();
        return result.Violations.Where(v => Blocking.Contains(v.Impact)).Select(v =>
            $"{where}: {v.Id} ({v.Impact}) {v.Help}: {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}");
    }
}
