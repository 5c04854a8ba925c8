using System.Net;
using System.Text.Json.Nodes;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.TerminalSessions;

/// <summary>
/// Contract §7.6–7.7, rules 41–50: how a session moves, when it ends, and what a till polling it once a
/// second sees. Each test names the rule it proves; the go-live rows (AS-…, MP-…) are in the other files.
/// </summary>
public sealed class SessionLifecycleRulesTests : IDisposable
{
    private static readonly string[] InFlight = ["InitiateRequested", "Initiated", "CancelRequested"];

    private readonly PayAtCounterApp _app = new();
    private readonly HttpClient _client;

    public SessionLifecycleRulesTests() => _client = _app.CreateDojoClient();

    public void Dispose() => _app.Dispose();

    private async Task<(string IntentId, string SessionId)> SaleAsync(string tidSuffix, string captureMode = "Auto", long amount = 1000, string extraJson = "")
    {
        var intentId = (string)(await _client.CreateIntentAsync(amount, captureMode, extraJson))["id"]!;
        var session = await _client.StartSaleAsync(await _client.TerminalIdAsync(tidSuffix), intentId);
        return (intentId, (string)session["id"]!);
    }

    private async Task<string> TerminalStatusAsync(string terminalId)
        => (string)(await (await _client.GetAsync($"/terminals/{terminalId}")).ReadJsonAsync(HttpStatusCode.OK))["status"]!;

    // Reads the session and its intent at the same sandbox instant, once a second, until the session ends.
    private async Task<List<(JsonObject Session, JsonObject Intent)>> PollWithIntentAsync(string sessionId, string intentId)
    {
        var polls = new List<(JsonObject, JsonObject)>();
        for (var second = 0; second <= 120; second++)
        {
            var session = await _client.GetSessionAsync(sessionId);
            polls.Add((session, await _client.GetIntentAsync(intentId)));
            if (SessionHttp.Final.Contains((string)session["status"]!))
            {
                return polls;
            }
            await _client.AdvanceClockAsync(TimeSpan.FromSeconds(1));
        }
        throw new Xunit.Sdk.XunitException($"Session {sessionId} did not end in 120 s.");
    }

    [Fact]
    public async Task Rule41_a_sale_ends_when_the_payment_completes_and_a_matched_refund_when_the_refund_is_processed()
    {
        var terminalId = await _client.TerminalIdAsync("APP1");
        var intentId = (string)(await _client.CreateIntentAsync(1000))["id"]!;
        var saleId = (string)(await _client.StartSaleAsync(terminalId, intentId))["id"]!;

        var sale = await PollWithIntentAsync(saleId, intentId);
        var saleEnd = sale[^1].Session;
        var terminalAfterSale = await TerminalStatusAsync(terminalId);
        var refundId = (string)(await _client.StartSessionAsync(terminalId, SessionHttp.MatchedRefundDetails(intentId)))["id"]!;
        var refund = await PollWithIntentAsync(refundId, intentId);
        await _client.AdvanceClockAsync(TimeSpan.FromMinutes(5));

        // Neither before nor after: the session is over at the very poll where the intent shows the money moved.
        Assert.All(sale, poll => Assert.Equal(SessionHttp.Final.Contains((string)poll.Session["status"]!), (string)poll.Intent["status"]! == "Captured"));
        Assert.All(refund, poll => Assert.Equal(SessionHttp.Final.Contains((string)poll.Session["status"]!), (string)poll.Intent["status"]! == "Refunded"));
        Assert.Equal("Captured", (string)saleEnd["status"]!);
        Assert.Equal("Captured", (string)refund[^1].Session["status"]!);
        Assert.Equal(1000, (long)refund[^1].Intent["refundedAmount"]!);
        // An ended session frees its terminal and never changes again.
        Assert.Equal("Available", terminalAfterSale);
        Assert.Equal("Available", await TerminalStatusAsync(terminalId));
        Assert.Equal(saleEnd.ToJsonString(), (await _client.GetSessionAsync(saleId)).ToJsonString());
        Assert.Equal(refund[^1].Session.ToJsonString(), (await _client.GetSessionAsync(refundId)).ToJsonString());
    }

    [Fact]
    public async Task Rule42_the_statuses_seen_before_the_end_are_exactly_the_in_flight_ones()
    {
        var (_, approved) = await SaleAsync("APP1");
        var (_, declined) = await SaleAsync("DIP0");
        var (_, expired) = await SaleAsync("TIP0");
        var (_, canceled) = await SaleAsync("PDQ1");
        var canceledFirst = await _client.GetSessionAsync(canceled);
        var cancelAnswer = await (await _client.CancelSessionAsync(canceled)).ReadJsonAsync(HttpStatusCode.OK);
        var canceledSecond = await _client.GetSessionAsync(canceled);

        var polls = new List<JsonObject>();
        foreach (var id in new[] { approved, declined, expired, canceled })
        {
            polls.AddRange(await _client.PollAsync(id));
        }
        polls.InsertRange(0, [canceledFirst, cancelAnswer, canceledSecond]);
        var beforeTheEnd = polls.Select(p => (string)p["status"]!).Where(s => !SessionHttp.Final.Contains(s)).ToHashSet();

        Assert.Equal(InFlight.Order(), beforeTheEnd.Order());
        Assert.Equal("CancelRequested", (string)canceledSecond["status"]!);
        // Every session did end, so the in-flight statuses above are all there was before an end.
        var ends = new[] { approved, declined, expired, canceled }.Select(id => (string)polls.Last(p => (string)p["id"]! == id)["status"]!);
        Assert.Equal(["Captured", "Declined", "Expired", "Canceled"], ends);
    }

    [Fact]
    public async Task Rule42_while_in_flight_the_terminal_and_the_intent_are_taken()
    {
        var terminalId = await _client.TerminalIdAsync("APP1");
        var (intentId, sessionId) = await SaleAsync("APP1");
        var other = await _client.TerminalIdAsync("DIP0");

        var seen = new List<string>();
        var session = await _client.GetSessionAsync(sessionId);
        while (InFlight.Contains((string)session["status"]!))
        {
            seen.Add((string)session["status"]!);
            Assert.Equal("InUse", await TerminalStatusAsync(terminalId));
            var second = await (await _client.PostSessionAsync(other, SessionHttp.SaleDetails(intentId))).ReadJsonAsync(HttpStatusCode.BadRequest);
            Assert.Contains(sessionId, (string)second["detail"]!);
            await _client.AdvanceClockAsync(TimeSpan.FromSeconds(1));
            session = await _client.GetSessionAsync(sessionId);
        }

        Assert.Equal(["InitiateRequested", "Initiated"], seen.Distinct());
        Assert.Equal("Captured", (string)session["status"]!);
        Assert.Equal("Available", await TerminalStatusAsync(terminalId));
    }

    [Theory]
    [InlineData("APP1", "Auto", false, "Captured")]
    [InlineData("APP1", "Manual", false, "Authorized")]
    [InlineData("SIP0", "Auto", false, "SignatureVerificationRequired")]
    [InlineData("APP1", "Auto", true, "Canceled")]
    [InlineData("DIP0", "Auto", false, "Declined")]
    [InlineData("TIP0", "Auto", false, "Expired")]
    public async Task Rule43_a_sale_goes_from_in_flight_to_one_of_the_six_meaningful_outcomes(string tidSuffix, string captureMode, bool cancel, string expected)
    {
        var (_, sessionId) = await SaleAsync(tidSuffix, captureMode);
        if (cancel)
        {
            await _client.PollAsync(sessionId, stopAt: "Initiated");
            await (await _client.CancelSessionAsync(sessionId)).ReadJsonAsync(HttpStatusCode.OK);
        }

        var polls = await _client.PollAsync(sessionId, stopAt: [.. SessionHttp.Final, "SignatureVerificationRequired"]);
        var statuses = polls[^1].Statuses();
        var firstOutcome = statuses.First(s => !InFlight.Contains(s));

        Assert.Equal(expected, firstOutcome);
        Assert.Contains(firstOutcome, new[] { "Captured", "Authorized", "SignatureVerificationRequired", "Canceled", "Declined", "Expired" });
        Assert.All(statuses.TakeWhile(s => s != firstOutcome), s => Assert.Contains(s, InFlight));
        Assert.Equal(firstOutcome, (string)polls[^1]["status"]!);
    }

    [Theory]
    [InlineData("APP1", "Auto", "Captured")]
    [InlineData("APP1", "Manual", "Authorized")]
    [InlineData("DIP0", "Auto", "Declined")]
    [InlineData("TIP0", "Auto", "Expired")]
    [InlineData("APP1", "Auto", "Canceled")]
    [InlineData("SIP0", "Auto", "SignatureVerificationRejected")]
    public async Task Rule44_once_a_poll_shows_a_final_status_every_later_poll_shows_the_same(string tidSuffix, string captureMode, string final)
    {
        var (intentId, sessionId) = await SaleAsync(tidSuffix, captureMode);
        if (final == "Canceled")
        {
            await (await _client.CancelSessionAsync(sessionId)).ReadJsonAsync(HttpStatusCode.OK);
        }
        if (final == "SignatureVerificationRejected")
        {
            await _client.PollAsync(sessionId, stopAt: "SignatureVerificationRequired");
            await (await _client.SignAsync(sessionId, false)).ReadJsonAsync(HttpStatusCode.OK);
        }

        var ended = (await _client.PollAsync(sessionId))[^1];
        var intentAtEnd = await _client.GetIntentAsync(intentId);
        // Well past expireAt (+90 s) and the signature window (80 s): nothing left that could move it.
        var later = new List<JsonObject>();
        for (var i = 0; i < 8; i++)
        {
            await _client.AdvanceClockAsync(TimeSpan.FromSeconds(30));
            later.Add(await _client.GetSessionAsync(sessionId));
        }

        Assert.Equal(final, (string)ended["status"]!);
        Assert.All(later, poll => Assert.Equal(ended.ToJsonString(), poll.ToJsonString()));
        Assert.Equal((string)intentAtEnd["status"]!, (string)(await _client.GetIntentAsync(intentId))["status"]!);
    }

    [Fact]
    public async Task Rule44_a_loop_that_stops_at_signature_verification_accepted_already_finds_the_intent_paid()
    {
        // The guides' loop stops at SignatureVerificationAccepted; the server moves on to Captured half a second
        // later (contract A17), so what matters is that the intent is final as soon as the loop stops.
        var (intentId, sessionId) = await SaleAsync("SIP0");
        await _client.PollAsync(sessionId, stopAt: "SignatureVerificationRequired");

        var accepted = await (await _client.SignAsync(sessionId, true)).ReadJsonAsync(HttpStatusCode.OK);
        var intentWhenTheLoopStops = await _client.GetIntentAsync(intentId);
        var later = (await _client.PollAsync(sessionId, maxSeconds: 5, stopAt: "Captured"))[^1];
        await _client.AdvanceClockAsync(TimeSpan.FromMinutes(3));

        Assert.Equal("SignatureVerificationAccepted", (string)accepted["status"]!);
        Assert.Equal("Captured", (string)intentWhenTheLoopStops["status"]!);
        Assert.Equal("Captured", (string)later["status"]!);
        Assert.Equal(later.ToJsonString(), (await _client.GetSessionAsync(sessionId)).ToJsonString());
    }

    [Fact]
    public async Task Rule45_polling_once_a_second_shows_each_status_change_and_accumulating_notifications()
    {
        var (_, sessionId) = await SaleAsync("APP1");

        var polls = await _client.PollAsync(sessionId);
        var final = polls[^1];

        // Each status the session went through was visible to some poll, in the order it happened.
        Assert.Equal(final.Statuses(), polls.Select(p => (string)p["status"]!).Distinct());
        // Both lists only ever grow: every poll's list is the start of the next one's.
        foreach (var (earlier, next) in polls.Zip(polls.Skip(1)))
        {
            Assert.Equal(earlier.Statuses(), next.Statuses().Take(earlier.Statuses().Length));
            Assert.Equal(earlier.Notifications(), next.Notifications().Take(earlier.Notifications().Length));
        }
        Assert.Equal(["PresentCard", "PleaseWait", "EnterPin", "PleaseWait", "RemoveCard"], final.Notifications());
        // The notifications arrive over several seconds, so a once-a-second poll sees them accumulate step by step.
        Assert.True(polls.Select(p => p.Notifications().Length).Distinct().Count() >= 4,
            "Polls saw notification counts " + string.Join(",", polls.Select(p => p.Notifications().Length)));
        Assert.Empty(polls[0].Notifications());
    }

    [Fact]
    public async Task Rule46_a_successful_auto_sale_ends_captured_and_the_intent_is_deposited()
    {
        var (intentId, sessionId) = await SaleAsync("APP1");

        var final = (await _client.PollAsync(sessionId))[^1];
        var intent = await _client.GetIntentAsync(intentId);

        Assert.Equal("Captured", (string)final["status"]!);
        Assert.Equal(["InitiateRequested", "Initiated", "Captured"], final.Statuses());
        Assert.Equal("Captured", (string)intent["status"]!);
        var details = intent["paymentDetails"]!;
        Assert.Equal("DEPOSITED", (string)details["message"]!);
        Assert.Matches("^[0-9]{6}$", (string)details["authCode"]!);
        Assert.Equal((string)final["paymentDetails"]!["authCode"]!, (string)details["authCode"]!);
        Assert.Equal("44565300****1096", (string)details["card"]!["cardNumber"]!);
        Assert.Equal("VISA", (string)details["card"]!["cardType"]!);
        Assert.Equal("2024-12-31", (string)details["card"]!["expiryDate"]!);
        var captured = Assert.Single(intent["paymentEvents"]!.AsArray(), e => (string)e!["eventType"]! == "Captured");
        Assert.Equal((string)details["authCode"]!, (string)captured!["authCode"]!);
        Assert.Equal("44565300****1096", (string)captured["cardNumber"]!);
    }

    [Fact]
    public async Task Rule48_no_session_status_is_ever_refunded_or_reversed_even_after_the_intent_is()
    {
        var terminalId = await _client.TerminalIdAsync("APP1");
        var (refundedByApi, saleA) = await SaleAsync("APP1");
        await _client.PollAsync(saleA);
        var (refundedBySession, saleB) = await SaleAsync("APP1");
        await _client.PollAsync(saleB);
        var (reversedAuto, saleC) = await SaleAsync("APP1");
        await _client.PollAsync(saleC);
        var (reversedManual, saleD) = await SaleAsync("APP1", "Manual");
        await _client.PollAsync(saleD);
        var sales = new[] { saleA, saleB, saleC, saleD };
        var before = new List<string>();
        foreach (var sale in sales)
        {
            before.Add((await _client.GetSessionAsync(sale)).ToJsonString());
        }

        await (await _client.PostJsonAsync($"/payment-intents/{refundedByApi}/refunds", """{"amount":1000}""")).ReadJsonAsync(HttpStatusCode.OK);
        var refundSession = (string)(await _client.StartSessionAsync(terminalId, SessionHttp.MatchedRefundDetails(refundedBySession)))["id"]!;
        var refundPolls = await _client.PollAsync(refundSession);
        await (await _client.PostJsonAsync($"/payment-intents/{reversedAuto}/reversal", "")).ReadJsonAsync(HttpStatusCode.OK);
        await (await _client.PostJsonAsync($"/payment-intents/{reversedManual}/reversal", "")).ReadJsonAsync(HttpStatusCode.OK);
        await _client.AdvanceClockAsync(TimeSpan.FromMinutes(2));

        var intents = new List<JsonObject>();
        foreach (var id in new[] { refundedByApi, refundedBySession, reversedAuto, reversedManual })
        {
            intents.Add(await _client.GetIntentAsync(id));
        }
        Assert.Equal(["Refunded", "Refunded", "Reversed", "Reversed"], intents.Select(i => (string)i["status"]!));
        var seen = new List<string>();
        foreach (var (sale, snapshot) in sales.Zip(before))
        {
            var now = await _client.GetSessionAsync(sale);
            // The session records what the terminal did; later changes to the intent do not rewrite it.
            Assert.Equal(snapshot, now.ToJsonString());
            seen.Add((string)now["status"]!);
            seen.AddRange(now.Statuses());
        }
        foreach (var poll in refundPolls)
        {
            seen.Add((string)poll["status"]!);
            seen.AddRange(poll.Statuses());
        }
        seen.AddRange(intents.SelectMany(i => i["terminalSessionHistory"]!.AsArray()).Select(h => (string)h!["terminalSession"]!["status"]!));
        Assert.DoesNotContain("Refunded", seen);
        Assert.DoesNotContain("Reversed", seen);
        Assert.Equal("Captured", (string)refundPolls[^1]["status"]!);
        Assert.Equal(["Captured", "Captured", "Captured", "Authorized"], before.Select(b => (string)JsonNode.Parse(b)!["status"]!));
    }

    [Theory]
    [InlineData("Auto", "Captured")]
    [InlineData("Manual", "Authorized")]
    public async Task Rule49_an_expired_sale_leaves_the_intent_created_and_reusable(string captureMode, string retryOutcome)
    {
        var (intentId, sessionId) = await SaleAsync("TIP0", captureMode);
        var intentBefore = await _client.GetIntentAsync(intentId);
        var tip0 = await _client.TerminalIdAsync("TIP0");

        var expired = (await _client.PollAsync(sessionId))[^1];
        var intentAfter = await _client.GetIntentAsync(intentId);
        var retry = (string)(await _client.StartSaleAsync(await _client.TerminalIdAsync("APP1"), intentId))["id"]!;
        var retried = (await _client.PollAsync(retry))[^1];

        Assert.Equal("Expired", (string)expired["status"]!);
        Assert.Equal("Created", (string)intentAfter["status"]!);
        Assert.Equal(intentBefore["amount"]!.ToJsonString(), intentAfter["amount"]!.ToJsonString());
        Assert.Equal(intentBefore["totalAmount"]!.ToJsonString(), intentAfter["totalAmount"]!.ToJsonString());
        // The API could not tell how it went, so nothing is recorded against the intent.
        Assert.Empty(intentAfter["paymentEvents"]!.AsArray());
        Assert.Null(intentAfter["paymentDetails"]);
        Assert.Equal("Expired", (string)intentAfter["terminalSessionHistory"]![0]!["terminalSession"]!["status"]!);
        Assert.Equal("Available", await TerminalStatusAsync(tip0));
        Assert.Equal(retryOutcome, (string)retried["status"]!);
        Assert.Equal(retryOutcome, (string)(await _client.GetIntentAsync(intentId))["status"]!);
    }

    [Fact]
    public async Task Rule50_tips_and_cashback_on_the_intent_are_gratuity_and_cashback_lines_on_both_receipts()
    {
        var intentId = (string)(await _client.CreateIntentAsync(1000, extraJson: ""","cashbackAmount":{"value":2000,"currencyCode":"GBP"}"""))["id"]!;
        // A tip added after creation is on the terminal too: the session reads the intent as it is when it starts.
        await (await _client.PostJsonAsync($"/payment-intents/{intentId}/tips-amount", """{"tipsAmount":{"value":150,"currencyCode":"GBP"}}""")).ReadJsonAsync(HttpStatusCode.OK);
        var sessionId = (string)(await _client.StartSaleAsync(await _client.TerminalIdAsync("APP1"), intentId))["id"]!;

        var final = (await _client.PollAsync(sessionId))[^1];
        var intent = await _client.GetIntentAsync(intentId);

        foreach (var copy in new[] { "customerReceipt", "merchantReceipt" })
        {
            var lines = final.ReceiptLines(copy);
            Assert.Contains("AMOUNT             £10.00", lines);
            Assert.Contains("GRATUITY           £1.50", lines);
            Assert.Contains("CASHBACK           £20.00", lines);
            Assert.Contains("TOTAL              £31.50", lines);
        }
        Assert.Equal("Captured", (string)intent["status"]!);
        Assert.Equal(150, (long)intent["tipsAmount"]!["value"]!);
        Assert.Equal(2000, (long)intent["cashbackAmount"]!["value"]!);
        Assert.Equal(3150, (long)intent["totalAmount"]!["value"]!);
        Assert.Equal(1000, (long)intent["amount"]!["value"]!);
    }
}
