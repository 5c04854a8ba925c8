using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace PayAtCounter.Browser.Tests;

/// <summary>The virtual PDQ page: it shows each step as a card machine would, live, and its controls drive the terminal.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PdqTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_sale_on_the_interactive_pdq_shows_live_and_completes_with_insert_card_then_enter_pin()
    {
        await using var person = await DashboardSession.StartAsync(browser);
        var pdq = await person.OpenPdqAsync("PDQ1");
        await Screenshots.TakeAsync(person.Page, "pdq-1-ready", person.Page.Locator(".pdq-area"));

        // The till starts the sale through the API; the page, already open, shows it without a reload.
        var sessionId = await person.Server.SaleAsync(pdq, await person.Server.IntentAsync(1250));
        await Expect(person.Screen).ToContainTextAsync("Present card");
        await Expect(person.Screen).ToContainTextAsync("£12.50");
        await Screenshots.TakeAsync(person.Page, "pdq-2-present-card", person.Page.Locator(".pdq-area"));

        await person.Page.GetByRole(AriaRole.Button, new() { Name = "Insert card" }).ClickAsync();
        await Expect(person.Screen).ToContainTextAsync("Enter PIN");
        await Screenshots.TakeAsync(person.Page, "pdq-3-enter-pin", person.Page.Locator(".pdq-area"));
        await person.Page.GetByRole(AriaRole.Button, new() { Name = "Enter PIN" }).ClickAsync();

        Assert.Equal("Captured", await person.Server.WaitForSessionAsync(sessionId, "Captured"));
        await Expect(person.Screen).ToContainTextAsync("Approved");
        await Expect(person.Page.Locator(".receipt")).ToContainTextAsync("CUSTOMER COPY");
        await Screenshots.TakeAsync(person.Page, "pdq-4-approved", person.Page.Locator(".pdq-area"));
    }

    [Fact]
    public async Task The_card_outcome_chosen_before_the_sale_is_kept_when_the_pdq_updates_live()
    {
        await using var person = await DashboardSession.StartAsync(browser);
        var pdq = await person.OpenPdqAsync("PDQ1");
        await person.Page.GetByLabel("Card outcome").SelectOptionAsync("Decline");

        // The sale starts through the API: the PDQ's content is swapped in again, the choice with it.
        var sessionId = await person.Server.SaleAsync(pdq, await person.Server.IntentAsync());
        await Expect(person.Screen).ToContainTextAsync("Present card");
        await Expect(person.Page.GetByLabel("Card outcome")).ToHaveValueAsync("Decline");
        await person.Page.GetByRole(AriaRole.Button, new() { Name = "Tap card" }).ClickAsync();

        Assert.Equal("Declined", await person.Server.WaitForSessionAsync(sessionId, "Declined"));
        await Expect(person.Screen).ToContainTextAsync("Declined");
    }

    [Fact]
    public async Task Press_x_on_the_pdq_cancels_the_session_before_the_card()
    {
        await using var person = await DashboardSession.StartAsync(browser);
        var pdq = await person.OpenPdqAsync("PDQ1");
        var sessionId = await person.Server.SaleAsync(pdq, await person.Server.IntentAsync());
        await Expect(person.Screen).ToContainTextAsync("Present card");

        await person.Page.GetByRole(AriaRole.Button, new() { Name = "Press X" }).ClickAsync();

        Assert.Equal("Canceled", await person.Server.WaitForSessionAsync(sessionId, "Canceled"));
        await Expect(person.Screen).ToContainTextAsync("Cancelled");
    }

    [Fact]
    public async Task A_signature_request_on_sip0_is_accepted_from_the_page()
    {
        await using var person = await DashboardSession.StartAsync(browser);
        var sip0 = await person.OpenPdqAsync("SIP0");
        var sessionId = await person.Server.SaleAsync(sip0, await person.Server.IntentAsync());

        await Expect(person.Screen).ToContainTextAsync("Signature required");
        await Screenshots.TakeAsync(person.Page, "pdq-5-signature", person.Page.Locator(".pdq-area"));
        await person.Page.GetByRole(AriaRole.Button, new() { Name = "Accept signature" }).ClickAsync();

        Assert.Equal("Captured", await person.Server.WaitForSessionAsync(sessionId, "Captured"));
        await Expect(person.Screen).ToContainTextAsync("Approved");
    }

    [Fact]
    public async Task A_scripted_app1_sale_is_seen_moving_on_its_own()
    {
        // Slow enough (4×) that each screen of the script stays up for a while.
        await using var person = await DashboardSession.StartAsync(browser, clockSpeed: 4);
        var app1 = await person.OpenPdqAsync("APP1");
        await Expect(person.Page.GetByRole(AriaRole.Button, new() { Name = "Insert card" })).ToBeDisabledAsync();

        var sessionId = await person.Server.SaleAsync(app1, await person.Server.IntentAsync());

        await Expect(person.Screen).ToContainTextAsync("Present card");
        await Expect(person.Screen).ToContainTextAsync("Approved", new() { Timeout = 30_000 });
        Assert.Equal("Captured", (string)(await person.Server.GetAsync($"/terminal-sessions/{sessionId}"))["status"]!);
    }
}
