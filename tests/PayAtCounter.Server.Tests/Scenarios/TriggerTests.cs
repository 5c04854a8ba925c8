using System.Net;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.Scenarios;

/// <summary>Triggers on existing sessions (issue 20, scope 5), on scripted terminals that would otherwise approve.</summary>
public sealed class TriggerTests : IDisposable
{
    private readonly PayAtCounterApp _app = new();
    private readonly HttpClient _client;

    public TriggerTests() => _client = _app.CreateDojoClient();

    public void Dispose() => _app.Dispose();

    private async Task<(string Intent, string Session)> SaleOnApp1Async()
    {
        var intent = (string)(await _client.CreateIntentAsync())["id"]!;
        var session = (string)(await _client.StartSaleAsync(await _client.TerminalIdAsync("APP1"), intent))["id"]!;
        await _client.AdvanceClockAsync(TimeSpan.FromSeconds(1));
        return (intent, session);
    }

    [Fact]
    public async Task Expire_ends_the_session_unresolved_leaves_the_intent_to_pay_again_and_frees_the_terminal()
    {
        var (intent, session) = await SaleOnApp1Async();

        var expired = await (await _client.PostAsync($"/sandbox/terminal-sessions/{session}/expire", null)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Expired", (string)expired["status"]!);
        Assert.Equal("Expired", (string)(await _client.GetSessionAsync(session))["status"]!);
        Assert.Equal("Created", (string)(await _client.GetIntentAsync(intent))["status"]!);
        var again = (string)(await _client.StartSaleAsync(await _client.TerminalIdAsync("APP1"), intent))["id"]!;
        Assert.Equal("Captured", (string)(await _client.PollAsync(again))[^1]["status"]!);
        await (await _client.PostAsync($"/sandbox/terminal-sessions/{session}/expire", null)).ReadJsonAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Decline_makes_an_approving_terminal_decline_and_is_refused_once_the_card_is_decided()
    {
        var (intent, session) = await SaleOnApp1Async();

        await (await _client.PostAsync($"/sandbox/terminal-sessions/{session}/decline", null)).ReadJsonAsync(HttpStatusCode.OK);
        var final = (await _client.PollAsync(session))[^1];

        Assert.Equal("Declined", (string)final["status"]!);
        Assert.NotEqual("Captured", (string)(await _client.GetIntentAsync(intent))["status"]!);
        await (await _client.PostAsync($"/sandbox/terminal-sessions/{session}/decline", null)).ReadJsonAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Present_card_on_a_scripted_terminal_takes_the_card_now_as_given()
    {
        var (intent, session) = await SaleOnApp1Async();

        var body = """{"entryMode":"Contactless","cardType":"MASTERCARD"}""";
        await (await _client.PostJsonAsync($"/sandbox/terminal-sessions/{session}/present-card", body)).ReadJsonAsync(HttpStatusCode.OK);
        var final = (await _client.PollAsync(session))[^1];

        Assert.Equal("Captured", (string)final["status"]!);
        Assert.DoesNotContain("EnterPin", final.Notifications());   // APP1's script inserts a chip and asks for a PIN
        Assert.Equal("Captured", (string)(await _client.GetIntentAsync(intent))["status"]!);
        await (await _client.PostJsonAsync($"/sandbox/terminal-sessions/{session}/present-card", body)).ReadJsonAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Triggers_refuse_a_bad_card_an_unknown_session_and_another_accounts_session()
    {
        var (_, session) = await SaleOnApp1Async();
        var other = _app.CreateDojoClient(PayAtCounterApp.OtherKey);

        var bad = await (await _client.PostJsonAsync($"/sandbox/terminal-sessions/{session}/present-card", """{"entryMode":"Telepathy"}""")).ReadJsonAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(bad.FieldErrors("EntryMode"));
        await (await _client.PostAsync("/sandbox/terminal-sessions/ts_sandbox_000000000000000000000000/expire", null)).ReadJsonAsync(HttpStatusCode.NotFound);
        await (await other.PostAsync($"/sandbox/terminal-sessions/{session}/expire", null)).ReadJsonAsync(HttpStatusCode.NotFound);
        Assert.Equal("Initiated", (string)(await _client.GetSessionAsync(session))["status"]!);
    }
}
