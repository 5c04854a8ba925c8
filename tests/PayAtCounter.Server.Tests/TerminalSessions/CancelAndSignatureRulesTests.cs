using System.Net;
using System.Text.Json.Nodes;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.TerminalSessions;

/// <summary>Contract §7.8–7.9, rules 51–59: cancelling a session, and the signature step with its 80 s window.</summary>
public sealed class CancelAndSignatureRulesTests : IDisposable
{
    private readonly PayAtCounterApp _app = new();
    private readonly HttpClient _client;

    public CancelAndSignatureRulesTests() => _client = _app.CreateDojoClient();

    public void Dispose() => _app.Dispose();

    private async Task<(string IntentId, string SessionId)> SaleAsync(string tidSuffix, string captureMode = "Auto")
    {
        var intentId = (string)(await _client.CreateIntentAsync(1000, captureMode))["id"]!;
        var session = await _client.StartSaleAsync(await _client.TerminalIdAsync(tidSuffix), intentId);
        return (intentId, (string)session["id"]!);
    }

    // A SIP0 sale polled up to the signature step; returns the poll that first showed it.
    private async Task<(string IntentId, string SessionId, JsonObject Required)> AtSignatureStepAsync(string captureMode)
    {
        var (intentId, sessionId) = await SaleAsync("SIP0", captureMode);
        var required = (await _client.PollAsync(sessionId, stopAt: "SignatureVerificationRequired"))[^1];
        return (intentId, sessionId, required);
    }

    private static DateTimeOffset StatusTime(JsonObject session, string status)
        => DateTimeOffset.Parse((string)session["statusEvents"]!.AsArray().Single(e => (string)e!["status"]! == status)!["createdAt"]!);

    private static string Paid(string captureMode) => captureMode == "Manual" ? "Authorized" : "Captured";

    [Fact]
    public async Task Rule51_cancel_is_a_PUT_not_a_DELETE_and_the_canceled_session_stays_retrievable()
    {
        var (intentId, sessionId) = await SaleAsync("APP1");
        await _client.PollAsync(sessionId, stopAt: "Initiated");

        var deleteSession = await (await _client.DeleteAsync($"/terminal-sessions/{sessionId}")).ReadJsonAsync(HttpStatusCode.MethodNotAllowed);
        var deleteCancel = await (await _client.DeleteAsync($"/terminal-sessions/{sessionId}/cancel")).ReadJsonAsync(HttpStatusCode.MethodNotAllowed);
        var afterDeletes = await _client.GetSessionAsync(sessionId);
        var requested = await (await _client.CancelSessionAsync(sessionId)).ReadJsonAsync(HttpStatusCode.OK);
        var canceled = (await _client.PollAsync(sessionId))[^1];
        await _client.AdvanceClockAsync(TimeSpan.FromDays(1));
        var dayLater = await _client.GetSessionAsync(sessionId);
        var intent = await _client.GetIntentAsync(intentId);

        Assert.Equal(405, (int)deleteSession["status"]!);
        Assert.Equal(405, (int)deleteCancel["status"]!);
        Assert.Equal("Initiated", (string)afterDeletes["status"]!);
        Assert.Equal("CancelRequested", (string)requested["status"]!);
        Assert.Equal("Canceled", (string)canceled["status"]!);
        Assert.Equal(sessionId, (string)dayLater["id"]!);
        Assert.Equal(canceled.ToJsonString(), dayLater.ToJsonString());
        var history = Assert.Single(intent["terminalSessionHistory"]!.AsArray());
        Assert.Equal("Canceled", (string)history!["terminalSession"]!["status"]!);
    }

    [Theory]
    [InlineData("InitiateRequested")]
    [InlineData("Initiated")]
    public async Task Rule52_cancel_answers_cancel_requested_and_polling_then_shows_canceled(string cancelIn)
    {
        var (intentId, sessionId) = await SaleAsync("APP1");
        if (cancelIn == "Initiated")
        {
            await _client.PollAsync(sessionId, stopAt: "Initiated");
        }
        var before = await _client.GetSessionAsync(sessionId);

        var requested = await (await _client.CancelSessionAsync(sessionId)).ReadJsonAsync(HttpStatusCode.OK);
        var pollAtOnce = await _client.GetSessionAsync(sessionId);
        var polls = await _client.PollAsync(sessionId);

        Assert.Equal(cancelIn, (string)before["status"]!);
        Assert.Equal("CancelRequested", (string)requested["status"]!);
        Assert.Equal("CancelRequested", requested.Statuses()[^1]);
        Assert.Equal("CancelRequested", (string)pollAtOnce["status"]!);
        Assert.Equal("Canceled", (string)polls[^1]["status"]!);
        // The next once-a-second poll already shows the terminal's confirmation.
        Assert.Equal(2, polls.Count);
        Assert.Equal([.. before.Statuses(), "CancelRequested", "Canceled"], polls[^1].Statuses());
        Assert.True(StatusTime(polls[^1], "Canceled") - StatusTime(polls[^1], "CancelRequested") <= TimeSpan.FromSeconds(1));
        Assert.Equal("Created", (string)(await _client.GetIntentAsync(intentId))["status"]!);
    }

    [Fact]
    public async Task Rule54_X_on_the_pdq_before_the_card_cancels_and_the_intent_is_reused()
    {
        var pdq = await _client.TerminalIdAsync("PDQ1");
        var (intentId, sessionId) = await SaleAsync("PDQ1");
        await _client.PollAsync(sessionId, stopAt: "Initiated");
        await _client.AdvanceClockAsync(TimeSpan.FromSeconds(2));
        Assert.Equal(["PresentCard"], (await _client.GetSessionAsync(sessionId)).Notifications());

        var canceled = await (await _client.PostJsonAsync($"/sandbox/terminals/{pdq}/press-cancel", "")).ReadJsonAsync(HttpStatusCode.OK);
        var polled = await _client.GetSessionAsync(sessionId);
        var intent = await _client.GetIntentAsync(intentId);
        var retry = (string)(await _client.StartSaleAsync(await _client.TerminalIdAsync("APP1"), intentId))["id"]!;
        var retried = (await _client.PollAsync(retry))[^1];

        Assert.Equal("Canceled", (string)canceled["status"]!);
        Assert.Equal("Canceled", (string)polled["status"]!);
        // Cancelled on the terminal itself: there was no request to confirm.
        Assert.Equal(["InitiateRequested", "Initiated", "Canceled"], polled.Statuses());
        Assert.Equal("Created", (string)intent["status"]!);
        Assert.Empty(intent["paymentEvents"]!.AsArray());
        Assert.Equal("Captured", (string)retried["status"]!);
        Assert.Equal("Captured", (string)(await _client.GetIntentAsync(intentId))["status"]!);
    }

    [Fact]
    public async Task Rule54_X_on_the_pdq_after_the_card_does_nothing_and_the_sale_goes_on()
    {
        var pdq = await _client.TerminalIdAsync("PDQ1");
        var (intentId, sessionId) = await SaleAsync("PDQ1");
        await _client.PollAsync(sessionId, stopAt: "Initiated");
        await _client.AdvanceClockAsync(TimeSpan.FromSeconds(2));
        await (await _client.PostJsonAsync($"/sandbox/terminals/{pdq}/present-card", """{"entryMode":"Contactless"}""")).ReadJsonAsync(HttpStatusCode.OK);

        await (await _client.PostJsonAsync($"/sandbox/terminals/{pdq}/press-cancel", "")).ReadJsonAsync(HttpStatusCode.Conflict);
        var final = (await _client.PollAsync(sessionId))[^1];

        Assert.Equal("Captured", (string)final["status"]!);
        Assert.Equal("Captured", (string)(await _client.GetIntentAsync(intentId))["status"]!);
    }

    [Fact]
    public async Task Rule55_a_signature_decision_outside_signature_verification_required_is_422_and_changes_nothing()
    {
        var (_, sessionId) = await SaleAsync("SIP0");
        var (_, neverAsks) = await SaleAsync("APP1");
        var refused = new List<(string Status, JsonObject Problem)>();

        async Task RefuseAsync(string id, bool accepted)
        {
            var before = await _client.GetSessionAsync(id);
            var problem = await (await _client.SignAsync(id, accepted)).ReadJsonAsync((HttpStatusCode)422);
            Assert.Equal(before.ToJsonString(), (await _client.GetSessionAsync(id)).ToJsonString());
            refused.Add(((string)before["status"]!, problem));
        }

        await RefuseAsync(sessionId, true);
        await RefuseAsync(neverAsks, true);
        await _client.AdvanceClockAsync(TimeSpan.FromSeconds(1));
        await RefuseAsync(sessionId, false);
        await RefuseAsync(neverAsks, false);
        await _client.PollAsync(sessionId, stopAt: "SignatureVerificationRequired");
        var accepted = await (await _client.SignAsync(sessionId, true)).ReadJsonAsync(HttpStatusCode.OK);
        await RefuseAsync(sessionId, false);
        await _client.PollAsync(sessionId, stopAt: "Captured");
        await _client.PollAsync(neverAsks);
        await RefuseAsync(sessionId, true);
        await RefuseAsync(neverAsks, true);

        Assert.Equal("SignatureVerificationAccepted", (string)accepted["status"]!);
        Assert.Equal(["InitiateRequested", "InitiateRequested", "Initiated", "Initiated", "SignatureVerificationAccepted", "Captured", "Captured"], refused.Select(r => r.Status));
        // The till is told why: the session's status is in the message.
        Assert.All(refused, r => Assert.Contains(r.Status, (string)r.Problem["detail"]!));
        Assert.All(refused, r => Assert.Equal("Unprocessable Entity", (string)r.Problem["title"]!));
    }

    [Theory]
    [InlineData("Auto")]
    [InlineData("Manual")]
    public async Task Rule56_an_accepted_signature_returns_receipts_then_the_session_and_intent_are_paid(string captureMode)
    {
        var (intentId, sessionId, _) = await AtSignatureStepAsync(captureMode);

        var accepted = await (await _client.SignAsync(sessionId, true)).ReadJsonAsync(HttpStatusCode.OK);
        var intentAtAcceptance = await _client.GetIntentAsync(intentId);
        var final = (await _client.PollAsync(sessionId, maxSeconds: 5, stopAt: Paid(captureMode)))[^1];

        Assert.Equal("SignatureVerificationAccepted", (string)accepted["status"]!);
        Assert.Contains("SIGNATURE VERIFIED BY MERCHANT", accepted.ReceiptLines("customerReceipt"));
        Assert.Contains("SIGNATURE VERIFIED BY MERCHANT", accepted.ReceiptLines("merchantReceipt"));
        Assert.Contains("SUCCESSFUL", accepted.ReceiptLines("customerReceipt"));
        Assert.Equal("Signature", (string)accepted["paymentDetails"]!["card"]!["verificationMethod"]!);
        Assert.Equal(Paid(captureMode), (string)intentAtAcceptance["status"]!);
        Assert.Equal(["InitiateRequested", "Initiated", "SignatureVerificationRequired", "SignatureVerificationAccepted", Paid(captureMode)], final.Statuses());
        Assert.Equal(accepted["customerReceipt"]!.ToJsonString(), final["customerReceipt"]!.ToJsonString());
        Assert.Equal(Paid(captureMode), (string)(await _client.GetIntentAsync(intentId))["status"]!);
    }

    [Theory]
    [InlineData("Auto")]
    [InlineData("Manual")]
    public async Task Rule57_a_rejected_signature_is_final_and_declines_the_payment_leaving_the_intent_reusable(string captureMode)
    {
        var (intentId, sessionId, _) = await AtSignatureStepAsync(captureMode);

        var rejected = await (await _client.SignAsync(sessionId, false)).ReadJsonAsync(HttpStatusCode.OK);
        // Past the 80 s window and expireAt: a rejection is not undone by the timeout.
        await _client.AdvanceClockAsync(TimeSpan.FromMinutes(3));
        var later = await _client.GetSessionAsync(sessionId);
        var intent = await _client.GetIntentAsync(intentId);
        var retry = (string)(await _client.StartSaleAsync(await _client.TerminalIdAsync("APP1"), intentId))["id"]!;
        var retried = (await _client.PollAsync(retry))[^1];

        Assert.Equal("SignatureVerificationRejected", (string)rejected["status"]!);
        Assert.Equal(rejected.ToJsonString(), later.ToJsonString());
        Assert.Equal(["InitiateRequested", "Initiated", "SignatureVerificationRequired", "SignatureVerificationRejected"], later.Statuses());
        Assert.Contains("DECLINED", later.ReceiptLines("customerReceipt"));
        Assert.Equal("Created", (string)intent["status"]!);
        Assert.Equal("Declined", (string)Assert.Single(intent["paymentEvents"]!.AsArray())!["eventType"]!);
        Assert.Equal(Paid(captureMode), (string)retried["status"]!);
    }

    [Theory]
    [InlineData("Auto")]
    [InlineData("Manual")]
    public async Task Rule58_no_decision_within_80_seconds_is_accepted_and_the_payment_continues(string captureMode)
    {
        var (intentId, sessionId, required) = await AtSignatureStepAsync(captureMode);
        var requiredAt = StatusTime(required, "SignatureVerificationRequired");
        var now = _app.Clock.GetUtcNow();

        await _client.AdvanceClockAsync(requiredAt + TimeSpan.FromSeconds(79) - now);
        var justBefore = await _client.GetSessionAsync(sessionId);
        var intentJustBefore = await _client.GetIntentAsync(intentId);
        await _client.AdvanceClockAsync(TimeSpan.FromSeconds(2));
        var after = await _client.GetSessionAsync(sessionId);

        Assert.Equal("SignatureVerificationRequired", (string)justBefore["status"]!);
        Assert.Equal("Created", (string)intentJustBefore["status"]!);
        Assert.Equal(Paid(captureMode), (string)after["status"]!);
        Assert.Equal(["InitiateRequested", "Initiated", "SignatureVerificationRequired", "SignatureVerificationAccepted", Paid(captureMode)], after.Statuses());
        Assert.Equal(TimeSpan.FromSeconds(80), StatusTime(after, "SignatureVerificationAccepted") - requiredAt);
        Assert.NotNull(after["customerReceipt"]);
        Assert.Equal(Paid(captureMode), (string)(await _client.GetIntentAsync(intentId))["status"]!);
    }

    [Theory]
    [InlineData("Auto", false)]
    [InlineData("Manual", false)]
    [InlineData("Auto", true)]
    public async Task Rule59_a_rejection_after_the_80_second_acceptance_is_422_and_the_payment_stands(string captureMode, bool whileSettling)
    {
        var (intentId, sessionId, required) = await AtSignatureStepAsync(captureMode);
        var requiredAt = StatusTime(required, "SignatureVerificationRequired");
        var now = _app.Clock.GetUtcNow();
        // Just after the acceptance, the session is still SignatureVerificationAccepted for a moment; later it is final.
        await _client.AdvanceClockAsync(requiredAt + TimeSpan.FromSeconds(whileSettling ? 80.2 : 85) - now);
        var before = await _client.GetSessionAsync(sessionId);
        var intentBefore = await _client.GetIntentAsync(intentId);

        var problem = await (await _client.SignAsync(sessionId, false)).ReadJsonAsync((HttpStatusCode)422);
        var afterReject = await _client.GetSessionAsync(sessionId);
        var intentAfterReject = await _client.GetIntentAsync(intentId);
        var final = (await _client.PollAsync(sessionId, maxSeconds: 5, stopAt: Paid(captureMode)))[^1];

        Assert.Equal(whileSettling ? "SignatureVerificationAccepted" : Paid(captureMode), (string)before["status"]!);
        Assert.Equal(422, (int)problem["status"]!);
        Assert.Equal(before.ToJsonString(), afterReject.ToJsonString());
        Assert.Equal(Paid(captureMode), (string)final["status"]!);
        Assert.DoesNotContain("SignatureVerificationRejected", final.Statuses());
        Assert.Equal(Paid(captureMode), (string)intentBefore["status"]!);
        Assert.Equal(intentBefore.ToJsonString(), intentAfterReject.ToJsonString());
        Assert.Equal(Paid(captureMode), (string)(await _client.GetIntentAsync(intentId))["status"]!);
    }
}
