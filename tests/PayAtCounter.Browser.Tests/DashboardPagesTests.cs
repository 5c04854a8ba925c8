using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PayAtCounter.Browser.Tests;

/// <summary>Signing in, and the pages other than the PDQ: each shows what the API did and acts as the sandbox API would.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardPagesTests(BrowserFixture browser)
{
    [Fact]
    public async Task Sign_in_refuses_a_wrong_key_accepts_the_right_one_and_sign_out_ends_the_session()
    {
        await using var person = await DashboardSession.StartAsync(browser, signIn: false);
        var page = person.Page;

        await page.GotoAsync("/dashboard/payment-intents");
        Assert.Contains("/dashboard/sign-in", page.Url);
        await person.SignInAsync("sk_sandbox_not_a_key_of_this_server");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("belongs to no account");
        Assert.DoesNotContain("not_a_key", page.Url);
        Assert.DoesNotContain("not_a_key", await page.ContentAsync());

        await person.SignInAsync(DashboardServer.Key);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Terminals", Exact = true })).ToBeVisibleAsync();
        Assert.DoesNotContain(DashboardServer.Key, page.Url);
        Assert.DoesNotContain(DashboardServer.Key, await page.ContentAsync());
        var cookie = (await person.Context.CookiesAsync()).Single(c => c.Name == "pac_dashboard");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.DoesNotContain(DashboardServer.Key, cookie.Value);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByLabel("API key")).ToBeVisibleAsync();
        await page.GotoAsync("/dashboard/terminals");
        Assert.Contains("/dashboard/sign-in", page.Url);
    }

    [Fact]
    public async Task A_terminal_is_added_made_interactive_renamed_and_removed_from_the_terminals_page()
    {
        await using var person = await DashboardSession.StartAsync(browser);
        var page = person.Page;
        var takenTid = (string)(await person.Server.GetAsync("/sandbox/terminals")).AsArray().First(t => ((string)t!["tid"]!).EndsWith("APP1", StringComparison.Ordinal))!["tid"]!;

        var add = page.GetByRole(AriaRole.Form, new() { Name = "Add a terminal" });
        await add.GetByLabel("TID").FillAsync("VCMPYC8APP7");
        await add.GetByLabel("Name").FillAsync("Counter 7");
        await add.GetByRole(AriaRole.Button, new() { Name = "Add terminal" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Added terminal VCMPYC8APP7");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "VCMPYC8APP7" });
        // The list has fields named Name and TID too (the add form): fill in the edit page's once it is shown.
        var editing = page.GetByRole(AriaRole.Heading, new() { Name = "Rename or remove VCMPYC8APP7", Level = 1 });
        await row.GetByRole(AriaRole.Button, new() { Name = "Make interactive VCMPYC8APP7" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("(Interactive)");

        await row.GetByRole(AriaRole.Link, new() { Name = "Rename or remove VCMPYC8APP7" }).ClickAsync();
        await Expect(editing).ToBeVisibleAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Counter seven");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved terminal VCMPYC8APP7");
        var added = (await person.Server.GetAsync("/sandbox/terminals")).AsArray().Single(t => (string)t!["tid"]! == "VCMPYC8APP7")!;
        Assert.Equal(("Counter seven", "Interactive"), ((string)added["name"]!, (string)added["mode"]!));

        // A refused change (another terminal's TID) shows the form again with what was typed and why; nothing is saved.
        await row.GetByRole(AriaRole.Link, new() { Name = "Rename or remove VCMPYC8APP7" }).ClickAsync();
        await Expect(editing).ToBeVisibleAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Counter eight");
        await page.GetByLabel("TID", new() { Exact = true }).FillAsync(takenTid);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync($"already has the TID {takenTid}");
        await Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("Counter eight");
        await Expect(page.GetByLabel("TID", new() { Exact = true })).ToHaveValueAsync(takenTid);
        Assert.Equal("Counter seven", (string)(await person.Server.GetAsync("/sandbox/terminals")).AsArray().Single(t => (string)t!["tid"]! == "VCMPYC8APP7")!["name"]!);

        await page.GetByRole(AriaRole.Button, new() { Name = "Remove VCMPYC8APP7" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Terminal removed");
        await Expect(row).ToHaveCountAsync(0);
        Assert.DoesNotContain((await person.Server.GetAsync("/sandbox/terminals")).AsArray(), t => (string)t!["tid"]! == "VCMPYC8APP7");
    }

    [Fact]
    public async Task The_terminals_list_shows_a_change_that_comes_while_its_last_refresh_is_on_the_way()
    {
        await using var person = await DashboardSession.StartAsync(browser);
        var page = person.Page;
        var other = (await person.Server.GetAsync("/sandbox/terminals")).AsArray().First(t => ((string)t!["tid"]!).EndsWith("DIP0", StringComparison.Ordinal))!;
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = (string)other["tid"]! });

        // The list's first live refresh (on the stream's "connected") is answered at once but held back from the page
        // until the page has heard of the terminal's change below, so that change's refresh has to queue behind it.
        var firstRefresh = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.AddInitScriptAsync("document.addEventListener('sse:terminals', () => window.heardTerminals = true);");
        await page.RouteAsync("**/dashboard/terminals", async route =>
        {
            if (!route.Request.Headers.ContainsKey("hx-request") || firstRefresh.Task.IsCompleted)
            {
                await route.ContinueAsync();
                return;
            }
            var answer = await route.FetchAsync();
            firstRefresh.TrySetResult();
            await release.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await route.FulfillAsync(new() { Response = answer });
        });
        await page.ReloadAsync();
        await firstRefresh.Task.WaitAsync(TimeSpan.FromSeconds(15));
        await Expect(row).ToContainTextAsync("Available");

        await person.Server.PostAsync($"/sandbox/terminals/{other["id"]}/power-off", "{}");
        await page.WaitForFunctionAsync("window.heardTerminals === true");
        release.SetResult();

        await Expect(row).ToContainTextAsync("Offline");
    }

    [Fact]
    public async Task A_payment_intents_page_shows_its_refund()
    {
        await using var person = await DashboardSession.StartAsync(browser);
        var intentId = await person.Server.IntentAsync(1500);
        await person.Server.PostAsync($"/sandbox/payment-intents/{intentId}/card-payment", """{"entryMode":"Contactless"}""");
        var refund = await person.Server.PostAsync($"/payment-intents/{intentId}/refunds", """{"amount":400,"refundReason":"Damaged"}""");

        await person.Page.GotoAsync("/dashboard/payment-intents");
        await person.Page.GetByRole(AriaRole.Link, new() { Name = intentId }).ClickAsync();

        var refunds = person.Page.GetByRole(AriaRole.Table, new() { Name = "Refunds" });
        await Expect(refunds).ToContainTextAsync((string)refund["refundId"]!);
        await Expect(refunds).ToContainTextAsync("£4.00");
        await Expect(refunds).ToContainTextAsync("Damaged");
        await Expect(person.Page.GetByRole(AriaRole.Table, new() { Name = "Payment events" })).ToContainTextAsync("Captured");

        // The till's refund request in the API request log, its bodies shown on demand.
        await person.Page.GetByRole(AriaRole.Link, new() { Name = "API requests" }).ClickAsync();
        var row = person.Page.GetByRole(AriaRole.Row).Filter(new() { HasText = $"/payment-intents/{intentId}/refunds" });
        await row.GetByRole(AriaRole.Link, new() { NameRegex = new("^Show bodies") }).ClickAsync();
        await Expect(row).ToContainTextAsync("\"refundReason\":\"Damaged\"");
        await Expect(row).ToContainTextAsync((string)refund["refundId"]!);
    }

    [Fact]
    public async Task A_webhook_delivery_is_sent_again_from_the_page()
    {
        using var receiver = new ClosedPort();
        await using var person = await DashboardSession.StartAsync(browser);
        await person.Server.PostAsync("/webhooks", $$"""{"events":["payment_intent.created"],"url":"{{receiver.Url("/hooks")}}"}""");
        await person.Server.IntentAsync();
        var delivery = await FirstDeliveryAsync(person.Server, d => d["attempts"]!.AsArray().Count >= 1);
        var attempts = delivery["attempts"]!.AsArray().Count;

        await person.Page.GotoAsync("/dashboard/webhooks");
        await person.Page.GetByRole(AriaRole.Button, new() { Name = $"Redeliver {delivery["id"]}" }).ClickAsync();

        await Expect(person.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("being sent again");
        var after = await FirstDeliveryAsync(person.Server, d => d["attempts"]!.AsArray().Count > attempts);
        Assert.Equal((string)delivery["id"]!, (string)after["id"]!);
    }

    [Fact]
    public async Task Advancing_the_clock_30_days_from_the_page_voids_an_unpaid_intent()
    {
        await using var person = await DashboardSession.StartAsync(browser, clockSpeed: 0);
        var intentId = await person.Server.IntentAsync();

        await person.Page.GotoAsync("/dashboard/clock");
        await person.Page.GetByLabel("Advance by").FillAsync("30");
        await person.Page.GetByLabel("Unit").SelectOptionAsync("days");
        await person.Page.GetByRole(AriaRole.Button, new() { Name = "Advance clock" }).ClickAsync();
        await Expect(person.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Advanced by 30 days");
        // Still signed in: the session's cookie lives in real time, not sandbox time.
        await Expect(person.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();

        using var voided = await person.Server.Api.GetAsync($"/payment-intents/{intentId}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, voided.StatusCode);
        Assert.Equal("Canceled", (string)(await person.Server.GetAsync($"/payment-intents/{intentId}?returnCanceled=true"))["status"]!);
        await person.Page.GotoAsync($"/dashboard/payment-intents/{intentId}");
        await Expect(person.Page.Locator("#intent")).ToContainTextAsync("Canceled");
    }

    // The newest delivery once it satisfies <paramref name="ready"/>: the dispatcher works on its own time.
    private static async Task<JsonNode> FirstDeliveryAsync(DashboardServer server, Func<JsonNode, bool> ready)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var first = (await server.GetAsync("/sandbox/webhooks/deliveries")).AsArray().FirstOrDefault();
            if (first is not null && ready(first))
            {
                return first;
            }
            Assert.True(DateTime.UtcNow < until, $"no delivery as expected within 30 s: {first?.ToJsonString()}");
            await Task.Delay(100);
        }
    }
}
