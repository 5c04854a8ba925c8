using System.Net;
using System.Text.Json.Nodes;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Scenarios;

/// <summary>
/// Terminal faults for the next session (issue 20, scope 3), on APP1, whose script approves a chip-and-PIN sale:
/// each plan changes one session, and the one after plays the script again.
/// </summary>
public sealed class NextSessionTests : IDisposable
{
    private readonly PayAtCounterApp _app = new();
    private readonly HttpClient _client;

    public NextSessionTests() => _client = _app.CreateDojoClient();

    public void Dispose() => _app.Dispose();

    private async Task<string> PlanAsync(string json)
    {
        var terminal = await _client.TerminalIdAsync("APP1");
        var planned = await (await _client.PostJsonAsync($"/sandbox/terminals/{terminal}/next-session", json)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.NotNull(planned["nextSession"]);
        return terminal;
    }

    private async Task<(string Intent, List<JsonObject> Polls)> SaleAsync(string terminal)
    {
        var intent = (string)(await _client.CreateIntentAsync())["id"]!;
        var session = (string)(await _client.StartSaleAsync(terminal, intent))["id"]!;
        return (intent, await _client.PollAsync(session));
    }

    [Fact]
    public async Task A_planned_decline_declines_one_sale_and_the_next_is_approved_again()
    {
        var terminal = await PlanAsync("""{"outcome":"Decline"}""");

        var (_, declined) = await SaleAsync(terminal);
        var (_, approved) = await SaleAsync(terminal);

        Assert.Equal("Declined", (string)declined[^1]["status"]!);
        Assert.Equal("Captured", (string)approved[^1]["status"]!);
        Assert.Null(JsonNode.Parse(await _client.GetStringAsync("/sandbox/terminals"))!.AsArray().Single(t => (string)t!["id"]! == terminal)!["nextSession"]);
    }

    [Fact]
    public async Task A_slow_card_comes_when_planned_after_the_terminal_asks_for_it()
    {
        var terminal = await PlanAsync("""{"cardAfter":"00:00:30"}""");

        var (_, polls) = await SaleAsync(terminal);

        var final = polls[^1];
        Assert.Equal("Captured", (string)final["status"]!);
        var events = final["notificationEvents"]!.AsArray();
        var asked = DateTimeOffset.Parse((string)events.First(e => (string)e!["notificationType"]! == "PresentCard")!["createdAt"]!);
        var card = DateTimeOffset.Parse((string)events.First(e => (string)e!["notificationType"]! == "PleaseWait")!["createdAt"]!);
        Assert.Equal(TimeSpan.FromSeconds(30), card - asked);
    }

    [Fact]
    public async Task A_disconnect_after_the_card_pays_the_intent_and_the_session_expires_unresolved()
    {
        var terminal = await PlanAsync("""{"disconnect":"AfterCard"}""");

        var (intent, polls) = await SaleAsync(terminal);

        var final = polls[^1];
        Assert.Equal("Expired", (string)final["status"]!);
        Assert.DoesNotContain("Captured", final.Statuses());
        Assert.Null(final["paymentDetails"]);
        Assert.Equal("Captured", (string)(await _client.GetIntentAsync(intent))["status"]!);
        // The terminal is free again once the session has expired.
        Assert.Equal("Captured", (string)(await SaleAsync(terminal)).Polls[^1]["status"]!);
    }

    [Fact]
    public async Task Three_pin_attempts_show_the_pin_pad_three_times_before_the_approval()
    {
        var terminal = await PlanAsync("""{"pinAttempts":3}""");

        var (intent, polls) = await SaleAsync(terminal);

        Assert.Equal("Captured", (string)polls[^1]["status"]!);
        Assert.Equal(3, polls[^1].Notifications().Count(n => n == "EnterPin"));
        Assert.Equal("Captured", (string)(await _client.GetIntentAsync(intent))["status"]!);
    }

    [Fact]
    public async Task On_the_interactive_pdq_a_planned_decline_holds_when_the_card_is_presented_without_an_outcome()
    {
        var pdq = await _client.TerminalIdAsync("PDQ1");
        await (await _client.PostJsonAsync($"/sandbox/terminals/{pdq}/next-session", """{"outcome":"Decline"}""")).ReadJsonAsync(HttpStatusCode.OK);
        var intent = (string)(await _client.CreateIntentAsync())["id"]!;
        var session = (string)(await _client.StartSaleAsync(pdq, intent))["id"]!;
        await _client.PollAsync(session, stopAt: "Initiated");
        await _client.AdvanceClockAsync(TimeSpan.FromSeconds(2));   // the PDQ asks for a card

        await (await _client.PostJsonAsync($"/sandbox/terminals/{pdq}/present-card", """{"entryMode":"Contactless"}""")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Declined", (string)(await _client.PollAsync(session))[^1]["status"]!);
    }

    [Fact]
    public async Task After_a_disconnect_the_decision_is_made_and_a_decline_is_refused()
    {
        var terminal = await PlanAsync("""{"disconnect":"AfterCard"}""");
        var intent = (string)(await _client.CreateIntentAsync())["id"]!;
        var session = (string)(await _client.StartSaleAsync(terminal, intent))["id"]!;
        await _client.AdvanceClockAsync(TimeSpan.FromSeconds(20));   // card, PIN and approval, not yet the expiry

        Assert.Equal("Captured", (string)(await _client.GetIntentAsync(intent))["status"]!);
        await (await _client.PostAsync($"/sandbox/terminal-sessions/{session}/decline", null)).ReadJsonAsync(HttpStatusCode.Conflict);
        Assert.Equal("Expired", (string)(await _client.PollAsync(session))[^1]["status"]!);
    }

    [Fact]
    public async Task A_bad_plan_is_refused_with_every_error_and_a_plan_can_be_cleared()
    {
        var terminal = await _client.TerminalIdAsync("APP1");

        var bad = await (await _client.PostJsonAsync($"/sandbox/terminals/{terminal}/next-session", """{"cardAfter":"later","disconnect":"Never","pinAttempts":7}""")).ReadJsonAsync(HttpStatusCode.BadRequest);
        Assert.Equal(["CardAfter", "Disconnect", "PinAttempts"], bad["errors"]!.AsObject().Select(e => e.Key).Order());
        var signature = await (await _client.PostJsonAsync($"/sandbox/terminals/{terminal}/next-session", """{"outcome":"Signature","disconnect":"AfterCard"}""")).ReadJsonAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(signature.FieldErrors("Disconnect"));
        // The plan reads back in the terms it is set with.
        var shown = await (await _client.PostJsonAsync($"/sandbox/terminals/{terminal}/next-session", """{"cardAfter":"00:00:30","disconnect":"AfterCard","pinAttempts":2}""")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(("00:00:30", "AfterCard", 2), ((string)shown["nextSession"]!["cardAfter"]!, (string)shown["nextSession"]!["disconnect"]!, (int)shown["nextSession"]!["pinAttempts"]!));
        await (await _client.PostJsonAsync("/sandbox/terminals/tm_sandbox_000000000000000000000000/next-session", """{"outcome":"Decline"}""")).ReadJsonAsync(HttpStatusCode.NotFound);
        await (await _app.CreateDojoClient(PayAtCounterApp.OtherKey).PostJsonAsync($"/sandbox/terminals/{terminal}/next-session", """{"outcome":"Decline"}""")).ReadJsonAsync(HttpStatusCode.NotFound);

        await PlanAsync("""{"outcome":"Decline"}""");
        var cleared = await (await _client.DeleteAsync($"/sandbox/terminals/{terminal}/next-session")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Null(cleared["nextSession"]);
        Assert.Equal("Captured", (string)(await SaleAsync(terminal)).Polls[^1]["status"]!);
    }
}
