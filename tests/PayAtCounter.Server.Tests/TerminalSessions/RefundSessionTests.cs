using System.Net;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.TerminalSessions;

/// <summary>Go-live checklist "[Auto] Create Terminal Session - Refund" (TR-01 … TR-12), rules 63–65, A26.</summary>
public sealed class RefundSessionTests : IDisposable
{
    private readonly PayAtCounterApp _app = new();
    private readonly HttpClient _client;

    public RefundSessionTests() => _client = _app.CreateDojoClient();

    public void Dispose() => _app.Dispose();

    private async Task<string> UnlinkedAsync(string tidSuffix, long amount = 800)
        => (string)(await _client.StartSessionAsync(await _client.TerminalIdAsync(tidSuffix), SessionHttp.UnlinkedRefundDetails(amount)))["id"]!;

    private async Task<(string IntentId, string SessionId)> MatchedAsync(string tidSuffix, long? amount = null)
    {
        var intentId = await _client.CapturedIntentAsync(1000);
        var session = await _client.StartSessionAsync(await _client.TerminalIdAsync(tidSuffix), SessionHttp.MatchedRefundDetails(intentId, amount));
        return (intentId, (string)session["id"]!);
    }

    [Fact]
    public async Task TR01_and_Rule63_unlinked_refund_that_succeeds_ends_captured()
    {
        var final = (await _client.PollAsync(await UnlinkedAsync("APP1")))[^1];

        Assert.Equal("Captured", (string)final["status"]!);
        Assert.Equal("UnlinkedRefund", (string)final["details"]!["sessionType"]!);
        Assert.Equal(800, (long)final["details"]!["unlinkedRefund"]!["amount"]!["value"]!);
        Assert.Contains("REFUND", final.ReceiptLines("customerReceipt"));
    }

    [Fact]
    public async Task TR02_unlinked_refund_that_fails_to_authorize_is_declined()
    {
        Assert.Equal("Declined", (string)(await _client.PollAsync(await UnlinkedAsync("DIP0")))[^1]["status"]!);
    }

    [Fact]
    public async Task TR03_and_Rule65_unlinked_refund_expires_a_few_seconds_after_the_battery_is_removed()
    {
        var terminalId = await _client.TerminalIdAsync("PDQ1");
        var sessionId = (string)(await _client.StartSessionAsync(terminalId, SessionHttp.UnlinkedRefundDetails(800)))["id"]!;
        await _client.PollAsync(sessionId, stopAt: "Initiated");
        await (await _client.PostJsonAsync($"/sandbox/terminals/{terminalId}/present-card", "{}")).ReadJsonAsync(HttpStatusCode.OK);

        var terminal = await (await _client.PostJsonAsync($"/sandbox/terminals/{terminalId}/power-off", "")).ReadJsonAsync(HttpStatusCode.OK);
        var polls = await _client.PollAsync(sessionId);

        Assert.Equal("Offline", (string)terminal["status"]!);
        Assert.Equal("Expired", (string)polls[^1]["status"]!);
        Assert.InRange(polls.Count, 5, 7);
        Assert.Equal("Offline", (string)(await (await _client.GetAsync($"/terminals/{terminalId}")).ReadJsonAsync(HttpStatusCode.OK))["status"]!);
    }

    [Fact]
    public async Task TR03_unlinked_refund_on_TIP0_expires()
    {
        Assert.Equal("Expired", (string)(await _client.PollAsync(await UnlinkedAsync("TIP0")))[^1]["status"]!);
    }

    [Fact]
    public async Task TR04_unlinked_refund_cancelled_with_X_before_the_card()
    {
        var terminalId = await _client.TerminalIdAsync("PDQ1");
        var sessionId = (string)(await _client.StartSessionAsync(terminalId, SessionHttp.UnlinkedRefundDetails(800)))["id"]!;
        await _client.PollAsync(sessionId, stopAt: "Initiated");

        var canceled = await (await _client.PostJsonAsync($"/sandbox/terminals/{terminalId}/press-cancel", "")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Canceled", (string)canceled["status"]!);
    }

    [Fact]
    public async Task TR05_unlinked_refund_on_SIS0_with_signature_accepted_is_captured()
    {
        var sessionId = await UnlinkedAsync("SIS0");
        await _client.PollAsync(sessionId, stopAt: "SignatureVerificationRequired");

        var accepted = await (await _client.SignAsync(sessionId, true)).ReadJsonAsync(HttpStatusCode.OK);
        var final = (await _client.PollAsync(sessionId, stopAt: "Captured"))[^1];

        Assert.Equal("SignatureVerificationAccepted", (string)accepted["status"]!);
        Assert.Equal("Captured", (string)final["status"]!);
    }

    [Fact]
    public async Task TR06_unlinked_refund_on_SIS0_with_signature_rejected()
    {
        var sessionId = await UnlinkedAsync("SIS0");
        await _client.PollAsync(sessionId, stopAt: "SignatureVerificationRequired");

        var rejected = await (await _client.SignAsync(sessionId, false)).ReadJsonAsync(HttpStatusCode.OK);
        var later = (await _client.PollAsync(sessionId, maxSeconds: 5))[^1];

        Assert.Equal("SignatureVerificationRejected", (string)rejected["status"]!);
        Assert.Equal("SignatureVerificationRejected", (string)later["status"]!);
        Assert.Contains("DECLINED", later.ReceiptLines("customerReceipt"));
    }

    [Fact]
    public async Task TR07_and_Rule64_matched_refund_that_succeeds_leaves_the_intent_refunded()
    {
        var (intentId, sessionId) = await MatchedAsync("APP1");

        var final = (await _client.PollAsync(sessionId))[^1];
        var intent = await _client.GetIntentAsync(intentId);

        Assert.Equal("Captured", (string)final["status"]!);
        Assert.Equal("Refunded", (string)intent["status"]!);
        Assert.Equal(1000, (long)intent["refundedAmount"]!);
        Assert.Contains(intent["terminalSessionHistory"]!.AsArray(), h => (string)h!["terminalSession"]!["id"]! == sessionId);
    }

    [Fact]
    public async Task ContractA26_partial_matched_refund_keeps_the_intent_captured()
    {
        var (intentId, sessionId) = await MatchedAsync("APP1", amount: 300);

        await _client.PollAsync(sessionId);
        var intent = await _client.GetIntentAsync(intentId);

        Assert.Equal("Captured", (string)intent["status"]!);
        Assert.Equal(300, (long)intent["refundedAmount"]!);
    }

    [Fact]
    public async Task TR08_matched_refund_that_fails_to_authorize_is_declined_and_refunds_nothing()
    {
        var (intentId, sessionId) = await MatchedAsync("DIP0");

        Assert.Equal("Declined", (string)(await _client.PollAsync(sessionId))[^1]["status"]!);
        var intent = await _client.GetIntentAsync(intentId);
        Assert.Equal("Captured", (string)intent["status"]!);
        Assert.Equal(0, (long)intent["refundedAmount"]!);
    }

    [Fact]
    public async Task TR09_matched_refund_on_TIP0_expires_and_refunds_nothing()
    {
        var (intentId, sessionId) = await MatchedAsync("TIP0");

        Assert.Equal("Expired", (string)(await _client.PollAsync(sessionId))[^1]["status"]!);
        Assert.Equal(0, (long)(await _client.GetIntentAsync(intentId))["refundedAmount"]!);
    }

    [Fact]
    public async Task TR10_matched_refund_cancelled_with_X_before_the_card()
    {
        var intentId = await _client.CapturedIntentAsync(1000);
        var terminalId = await _client.TerminalIdAsync("PDQ1");
        var sessionId = (string)(await _client.StartSessionAsync(terminalId, SessionHttp.MatchedRefundDetails(intentId)))["id"]!;
        await _client.PollAsync(sessionId, stopAt: "Initiated");

        var canceled = await (await _client.PostJsonAsync($"/sandbox/terminals/{terminalId}/press-cancel", "")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Canceled", (string)canceled["status"]!);
        Assert.Equal("Captured", (string)(await _client.GetIntentAsync(intentId))["status"]!);
    }

    [Fact]
    public async Task TR11_matched_refund_on_SIS0_with_signature_accepted_refunds_the_intent()
    {
        var (intentId, sessionId) = await MatchedAsync("SIS0");
        await _client.PollAsync(sessionId, stopAt: "SignatureVerificationRequired");

        await (await _client.SignAsync(sessionId, true)).ReadJsonAsync(HttpStatusCode.OK);
        var final = (await _client.PollAsync(sessionId, stopAt: "Captured"))[^1];

        Assert.Equal("Captured", (string)final["status"]!);
        Assert.Equal("Refunded", (string)(await _client.GetIntentAsync(intentId))["status"]!);
    }

    [Fact]
    public async Task TR12_refund_on_SIS0_with_signature_rejected_refunds_nothing()
    {
        var (intentId, sessionId) = await MatchedAsync("SIS0");
        await _client.PollAsync(sessionId, stopAt: "SignatureVerificationRequired");

        var rejected = await (await _client.SignAsync(sessionId, false)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("SignatureVerificationRejected", (string)rejected["status"]!);
        Assert.Equal("Captured", (string)(await _client.GetIntentAsync(intentId))["status"]!);
        Assert.Equal(0, (long)(await _client.GetIntentAsync(intentId))["refundedAmount"]!);
    }

    [Theory]
    [InlineData("Decline", "Declined")]
    [InlineData("Disconnect", "Expired")]
    public async Task Interactive_terminal_plays_the_outcome_chosen_by_the_person(string outcome, string expected)
    {
        var terminalId = await _client.TerminalIdAsync("PDQ1");
        var sessionId = (string)(await _client.StartSessionAsync(terminalId, SessionHttp.UnlinkedRefundDetails(800)))["id"]!;
        await _client.PollAsync(sessionId, stopAt: "Initiated");

        await (await _client.PostJsonAsync($"/sandbox/terminals/{terminalId}/present-card", $$"""{"entryMode":"Contactless","outcome":"{{outcome}}"}""")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal(expected, (string)(await _client.PollAsync(sessionId))[^1]["status"]!);
    }

    [Fact]
    public async Task Interactive_actions_on_a_scripted_terminal_or_without_a_session_are_409()
    {
        var scripted = await _client.TerminalIdAsync("APP1");
        var idle = await _client.TerminalIdAsync("PDQ1");

        await (await _client.PostJsonAsync($"/sandbox/terminals/{scripted}/present-card", "{}")).ReadJsonAsync(HttpStatusCode.Conflict);
        await (await _client.PostJsonAsync($"/sandbox/terminals/{idle}/enter-pin", "")).ReadJsonAsync(HttpStatusCode.Conflict);
        await (await _client.PostJsonAsync($"/sandbox/terminals/{idle}/present-card", """{"outcome":"Maybe"}""")).ReadJsonAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Rule19_keyed_refund_without_the_card_skips_present_card()
    {
        var sessionId = (string)(await _client.StartSessionAsync(await _client.TerminalIdAsync("APP1"), SessionHttp.UnlinkedRefundDetails(500, cardholderNotPresent: true)))["id"]!;

        var final = (await _client.PollAsync(sessionId))[^1];

        Assert.DoesNotContain("PresentCard", final.Notifications());
        Assert.Equal("ManualEntry", (string)final["paymentDetails"]!["card"]!["entryMode"]!);
        Assert.Equal("Captured", (string)final["status"]!);
    }
}
