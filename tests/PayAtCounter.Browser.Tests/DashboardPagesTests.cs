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

        var add = page.GetByRole(AriaRole.Form, new() { Name = "Add a terminal" });
        await add.GetByLabel("TID").FillAsync("VCMPYC8APP7");
        await add.GetByLabel("Name").FillAsync("Counter 7");
        await add.GetByRole(AriaRole.Button, new() { Name = "Add terminal" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Added terminal VCMPYC8APP7");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "VCMPYC8APP7" });
        await row.GetByRole(AriaRole.Button, new() { Name = "Make interactive VCMPYC8APP7" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("(Interactive)");
        await row.GetByText("Rename or remove").ClickAsync();
        await page.GetByLabel("Name of VCMPYC8APP7").FillAsync("Counter seven");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save VCMPYC8APP7" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved terminal VCMPYC8APP7");

        var added = (await person.Server.GetAsync("/sandbox/terminals")).AsArray().Single(t => (string)t!["tid"]! == "VCMPYC8APP7")!;
        Assert.Equal(("Counter seven", "Interactive"), ((string)added["name"]!, (string)added["mode"]!));

        await row.GetByText("Rename or remove").ClickAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Remove VCMPYC8APP7" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Terminal removed");
        Assert.DoesNotContain((await person.Server.GetAsync("/sandbox/terminals")).AsArray(), t => (string)t!["tid"]! == "VCMPYC8APP7");
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
