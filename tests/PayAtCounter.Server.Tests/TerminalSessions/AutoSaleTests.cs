using System.Net;
using System.Text;
using PayAtCounter.Server.Tests.Infrastructure;

namespace PayAtCounter.Server.Tests.TerminalSessions;

/// <summary>Go-live checklist "[Auto] Create Terminal Session - Sale" (AS-01 … AS-16), end to end over HTTP.</summary>
public sealed class AutoSaleTests : IDisposable
{
    private readonly PayAtCounterApp _app = new();
    private readonly HttpClient _client;

    public AutoSaleTests() => _client = _app.CreateDojoClient();

    public void Dispose() => _app.Dispose();

    private async Task<(string IntentId, string SessionId)> SaleAsync(string tidSuffix, long amount = 1000, string extraJson = "")
    {
        var intentId = (string)(await _client.CreateIntentAsync(amount, extraJson: extraJson))["id"]!;
        var session = await _client.StartSaleAsync(await _client.TerminalIdAsync(tidSuffix), intentId);
        return (intentId, (string)session["id"]!);
    }

    [Fact]
    public async Task AS01_chip_and_pin_sale_is_captured_with_the_walkthrough_timeline()
    {
        var (intentId, sessionId) = await SaleAsync("APP1");

        var final = (await _client.PollAsync(sessionId))[^1];
        var intent = await _client.GetIntentAsync(intentId);

        Assert.Equal("Captured", (string)final["status"]!);
        Assert.Equal(["InitiateRequested", "Initiated", "Captured"], final.Statuses());
        Assert.Equal(["PresentCard", "PleaseWait", "EnterPin", "PleaseWait", "RemoveCard"], final.Notifications());
        var created = DateTimeOffset.Parse((string)final["createdAt"]!);
        Assert.Equal(created.AddSeconds(90), DateTimeOffset.Parse((string)final["expireAt"]!));
        Assert.Equal("ContactChip", (string)final["paymentDetails"]!["card"]!["entryMode"]!);
        Assert.Equal("Pin", (string)final["paymentDetails"]!["card"]!["verificationMethod"]!);
        Assert.Contains("SUCCESSFUL", final.ReceiptLines("customerReceipt"));
        Assert.Contains("     MERCHANT COPY      ", final.ReceiptLines("merchantReceipt"));
        // Rule 46: the intent follows the session.
        Assert.Equal("Captured", (string)intent["status"]!);
        Assert.Equal("DEPOSITED", (string)intent["paymentDetails"]!["message"]!);
        Assert.Contains(intent["paymentEvents"]!.AsArray(), e => (string)e!["eventType"]! == "Captured");
        Assert.Equal(sessionId, (string)intent["terminalSessionHistory"]![0]!["terminalSession"]!["id"]!);
        Assert.Equal("Captured", (string)intent["terminalSessionHistory"]![0]!["terminalSession"]!["status"]!);
    }

    [Fact]
    public async Task Rule38_create_returns_initiate_requested_expiring_in_10_seconds()
    {
        var intentId = (string)(await _client.CreateIntentAsync())["id"]!;
        var terminalId = await _client.TerminalIdAsync("APP1");

        var session = await _client.StartSaleAsync(terminalId, intentId);

        Assert.Equal("InitiateRequested", (string)session["status"]!);
        Assert.Equal(["InitiateRequested"], session.Statuses());
        Assert.Equal("", (string)session["statusEvents"]![0]!["debugMessage"]!);
        Assert.Empty(session.Notifications());
        Assert.Equal(terminalId, (string)session["terminalId"]!);
        Assert.Equal(intentId, (string)session["details"]!["sale"]!["paymentIntentId"]!);
        Assert.Equal("Sale", (string)session["details"]!["sessionType"]!);
        Assert.Equal(DateTimeOffset.Parse((string)session["createdAt"]!).AddSeconds(10), DateTimeOffset.Parse((string)session["expireAt"]!));
        Assert.StartsWith("ts_sandbox_", (string)session["id"]!);
    }

    [Fact]
    public async Task AS02_and_AS03_cashback_and_gratuity_are_on_the_terminal_amount_receipt_and_intent()
    {
        var (intentId, sessionId) = await SaleAsync("APP1", 1000,
            ""","tipsAmount":{"value":150,"currencyCode":"GBP"},"cashbackAmount":{"value":2000,"currencyCode":"GBP"}""");

        var final = (await _client.PollAsync(sessionId))[^1];
        var intent = await _client.GetIntentAsync(intentId);
        var receipt = final.ReceiptLines("customerReceipt");

        Assert.Contains("AMOUNT             £10.00", receipt);
        Assert.Contains("GRATUITY           £1.50", receipt);
        Assert.Contains("CASHBACK           £20.00", receipt);
        Assert.Contains("TOTAL              £31.50", receipt);
        Assert.Equal(150, (long)intent["tipsAmount"]!["value"]!);
        Assert.Equal(2000, (long)intent["cashbackAmount"]!["value"]!);
        Assert.Equal(3150, (long)intent["totalAmount"]!["value"]!);
        Assert.Equal("Captured", (string)intent["status"]!);
    }

    [Theory]
    [InlineData(2500, false)]
    [InlineData(10_001, true)]
    public async Task AS04_contactless_is_captured_and_over_100_pounds_needs_a_pin(long amount, bool pinNeeded)
    {
        var terminalId = await _client.TerminalIdAsync("PDQ1");
        var intentId = (string)(await _client.CreateIntentAsync(amount))["id"]!;
        var sessionId = (string)(await _client.StartSaleAsync(terminalId, intentId))["id"]!;
        await _client.PollAsync(sessionId, stopAt: "Initiated");
        await _client.AdvanceClockAsync(TimeSpan.FromSeconds(1));

        var presented = await (await _client.PostJsonAsync($"/sandbox/terminals/{terminalId}/present-card", """{"entryMode":"Contactless"}""")).ReadJsonAsync(HttpStatusCode.OK);
        if (pinNeeded)
        {
            await _client.AdvanceClockAsync(TimeSpan.FromSeconds(1));
            await (await _client.PostJsonAsync($"/sandbox/terminals/{terminalId}/enter-pin", "")).ReadJsonAsync(HttpStatusCode.OK);
        }
        var final = (await _client.PollAsync(sessionId))[^1];

        Assert.Equal("PleaseWait", presented.Notifications()[^1]);
        Assert.Equal("Captured", (string)final["status"]!);
        Assert.Equal("Contactless", (string)final["paymentDetails"]!["card"]!["entryMode"]!);
        Assert.Equal(pinNeeded ? "Pin" : "None", (string)final["paymentDetails"]!["card"]!["verificationMethod"]!);
        Assert.Equal(pinNeeded, final.Notifications().Contains("EnterPin"));
        Assert.Equal("Approved", final.Notifications()[^1]);
    }

    [Fact]
    public async Task AS05_signature_polled_once_a_second_then_accepted_gives_receipts_then_captured()
    {
        var (intentId, sessionId) = await SaleAsync("SIP0");

        var polls = await _client.PollAsync(sessionId, stopAt: "SignatureVerificationRequired");
        var accepted = await (await _client.SignAsync(sessionId, true)).ReadJsonAsync(HttpStatusCode.OK);
        var intentAtAcceptance = await _client.GetIntentAsync(intentId);
        var final = (await _client.PollAsync(sessionId, stopAt: "Captured"))[^1];

        // Rule 45: polling shows Initiated and a growing list of notifications before the signature step.
        Assert.Contains(polls, p => (string)p["status"]! == "Initiated");
        var counts = polls.Select(p => p.Notifications().Length).ToList();
        Assert.True(counts.Zip(counts.Skip(1)).All(pair => pair.First <= pair.Second) && counts[^1] > counts[0]);
        Assert.Equal("SignatureVerificationAccepted", (string)accepted["status"]!);
        Assert.NotNull(accepted["customerReceipt"]);
        Assert.NotNull(accepted["merchantReceipt"]);
        Assert.Equal("Signature", (string)accepted["paymentDetails"]!["card"]!["verificationMethod"]!);
        // Contract A17: the intent is captured at acceptance.
        Assert.Equal("Captured", (string)intentAtAcceptance["status"]!);
        Assert.Equal(["InitiateRequested", "Initiated", "SignatureVerificationRequired", "SignatureVerificationAccepted", "Captured"], final.Statuses());
    }

    [Fact]
    public async Task AS06_no_signature_decision_for_80_seconds_is_accepted_and_captured()
    {
        var (intentId, sessionId) = await SaleAsync("SIP0");
        var required = (await _client.PollAsync(sessionId, stopAt: "SignatureVerificationRequired"))[^1];

        await _client.AdvanceClockAsync(TimeSpan.FromSeconds(79));
        var before = await _client.GetSessionAsync(sessionId);
        await _client.AdvanceClockAsync(TimeSpan.FromSeconds(2));
        var after = await _client.GetSessionAsync(sessionId);

        Assert.Equal("SignatureVerificationRequired", (string)before["status"]!);
        Assert.Equal("Captured", (string)after["status"]!);
        var requiredAt = DateTimeOffset.Parse((string)required["updatedAt"]!);
        var acceptedAt = DateTimeOffset.Parse((string)after["statusEvents"]!.AsArray().Single(e => (string)e!["status"]! == "SignatureVerificationAccepted")!["createdAt"]!);
        Assert.Equal(TimeSpan.FromSeconds(80), acceptedAt - requiredAt);
        Assert.Equal("Captured", (string)(await _client.GetIntentAsync(intentId))["status"]!);
    }

    [Fact]
    public async Task AS07_declined_on_DIP0_and_the_intent_is_reused_for_the_retry()
    {
        var (intentId, sessionId) = await SaleAsync("DIP0");

        var final = (await _client.PollAsync(sessionId))[^1];
        var afterDecline = await _client.GetIntentAsync(intentId);
        var retry = (string)(await _client.StartSaleAsync(await _client.TerminalIdAsync("APP1"), intentId))["id"]!;
        var retried = (await _client.PollAsync(retry))[^1];

        Assert.Equal("Declined", (string)final["status"]!);
        Assert.Equal("Declined", final.Notifications()[^1]);
        Assert.Contains("DECLINED", final.ReceiptLines("customerReceipt"));
        Assert.Equal("Created", (string)afterDecline["status"]!);
        Assert.Equal("Declined", (string)afterDecline["paymentEvents"]![0]!["eventType"]!);
        Assert.Equal("Captured", (string)retried["status"]!);
        Assert.Equal(2, (await _client.GetIntentAsync(intentId))["terminalSessionHistory"]!.AsArray().Count);
    }

    [Fact]
    public async Task AS08_rejected_signature_declines_the_payment_and_leaves_the_intent_reusable()
    {
        var (intentId, sessionId) = await SaleAsync("SIP0");
        await _client.PollAsync(sessionId, stopAt: "SignatureVerificationRequired");

        var rejected = await (await _client.SignAsync(sessionId, false)).ReadJsonAsync(HttpStatusCode.OK);
        var later = (await _client.PollAsync(sessionId, maxSeconds: 5))[^1];
        var intent = await _client.GetIntentAsync(intentId);

        Assert.Equal("SignatureVerificationRejected", (string)rejected["status"]!);
        Assert.Equal("SignatureVerificationRejected", (string)later["status"]!);
        Assert.Equal("Created", (string)intent["status"]!);
        Assert.Contains(intent["paymentEvents"]!.AsArray(), e => (string)e!["eventType"]! == "Declined");
    }

    [Fact]
    public async Task AS09_late_rejection_after_the_80_second_acceptance_is_422_and_changes_nothing()
    {
        var (intentId, sessionId) = await SaleAsync("SIP0");
        await _client.PollAsync(sessionId, stopAt: "SignatureVerificationRequired");
        await _client.AdvanceClockAsync(TimeSpan.FromSeconds(81));
        var before = await _client.GetSessionAsync(sessionId);

        var problem = await (await _client.SignAsync(sessionId, false)).ReadJsonAsync((HttpStatusCode)422);
        var after = await _client.GetSessionAsync(sessionId);

        Assert.Equal(422, (int)problem["status"]!);
        Assert.Equal("Captured", (string)after["status"]!);
        Assert.Equal(before.ToJsonString(), after.ToJsonString());
        Assert.Equal("Captured", (string)(await _client.GetIntentAsync(intentId))["status"]!);
    }

    [Fact]
    public async Task AS10_and_Rule35_a_busy_pdq_in_its_menu_is_404_terminal_unavailable()
    {
        var terminalId = await _client.TerminalIdAsync("APP1");
        await _client.PatchAsync($"/sandbox/terminals/{terminalId}", new StringContent("""{"busyInMenu":true}""", Encoding.UTF8, "application/json"));
        var intentId = (string)(await _client.CreateIntentAsync())["id"]!;

        var problem = await (await _client.PostSessionAsync(terminalId, SessionHttp.SaleDetails(intentId))).ReadJsonAsync(HttpStatusCode.NotFound);

        Assert.Equal("Terminal unavailable", (string)problem["title"]!);
        Assert.Contains("PDQ not available", (string)problem["detail"]!);
        Assert.Equal("InUse", (string)(await (await _client.GetAsync($"/terminals/{terminalId}")).ReadJsonAsync(HttpStatusCode.OK))["status"]!);
        Assert.Empty((await _client.GetIntentAsync(intentId))["terminalSessionHistory"]!.AsArray());
    }

    [Fact]
    public async Task AS11_X_on_the_pdq_before_the_card_cancels_the_sale()
    {
        var terminalId = await _client.TerminalIdAsync("PDQ1");
        var intentId = (string)(await _client.CreateIntentAsync())["id"]!;
        var sessionId = (string)(await _client.StartSaleAsync(terminalId, intentId))["id"]!;
        await _client.PollAsync(sessionId, stopAt: "Initiated");

        var canceled = await (await _client.PostJsonAsync($"/sandbox/terminals/{terminalId}/press-cancel", "")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("Canceled", (string)canceled["status"]!);
        Assert.Equal(["InitiateRequested", "Initiated", "Canceled"], canceled.Statuses());
        Assert.Equal("Created", (string)(await _client.GetIntentAsync(intentId))["status"]!);
        Assert.Equal("Available", (string)(await (await _client.GetAsync($"/terminals/{terminalId}")).ReadJsonAsync(HttpStatusCode.OK))["status"]!);
    }

    [Fact]
    public async Task AS12_cancel_from_the_pos_before_the_card_is_cancel_requested_then_canceled()
    {
        var (intentId, sessionId) = await SaleAsync("APP1");
        await _client.PollAsync(sessionId, stopAt: "Initiated");

        var requested = await (await _client.CancelSessionAsync(sessionId)).ReadJsonAsync(HttpStatusCode.OK);
        var final = (await _client.PollAsync(sessionId))[^1];

        Assert.Equal("CancelRequested", (string)requested["status"]!);
        Assert.Equal("Canceled", (string)final["status"]!);
        Assert.Equal(["InitiateRequested", "Initiated", "CancelRequested", "Canceled"], final.Statuses());
        Assert.Equal("Created", (string)(await _client.GetIntentAsync(intentId))["status"]!);
    }

    [Fact]
    public async Task AS12_cancel_right_after_create_is_also_allowed()
    {
        var (_, sessionId) = await SaleAsync("APP1");

        var requested = await (await _client.CancelSessionAsync(sessionId)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("CancelRequested", (string)requested["status"]!);
        Assert.Equal("Canceled", (string)(await _client.PollAsync(sessionId))[^1]["status"]!);
    }

    [Fact]
    public async Task AS13_and_ERR04_cancel_after_the_card_is_422_and_the_sale_carries_on()
    {
        var (intentId, sessionId) = await SaleAsync("APP1");
        await _client.AdvanceClockAsync(TimeSpan.FromSeconds(6));
        Assert.Contains("PleaseWait", (await _client.GetSessionAsync(sessionId)).Notifications());

        var problem = await (await _client.CancelSessionAsync(sessionId)).ReadJsonAsync((HttpStatusCode)422);
        var final = (await _client.PollAsync(sessionId))[^1];

        Assert.Equal(422, (int)problem["status"]!);
        // ProblemDetailsTerminals: all six keys, always.
        Assert.Equal(["detail", "errors", "status", "title", "traceId", "type"], problem.Select(p => p.Key).Order());
        Assert.Equal("Captured", (string)final["status"]!);
        Assert.DoesNotContain("CancelRequested", final.Statuses());
        Assert.Equal("Captured", (string)(await _client.GetIntentAsync(intentId))["status"]!);
    }

    [Fact]
    public async Task AS14_TIP0_expires_at_expire_at_and_the_intent_stays_created()
    {
        var (intentId, sessionId) = await SaleAsync("TIP0");

        var polls = await _client.PollAsync(sessionId);
        var final = polls[^1];

        Assert.Equal("Expired", (string)final["status"]!);
        Assert.Equal(DateTimeOffset.Parse((string)final["expireAt"]!), DateTimeOffset.Parse((string)final["updatedAt"]!));
        Assert.Equal(DateTimeOffset.Parse((string)final["createdAt"]!).AddSeconds(90), DateTimeOffset.Parse((string)final["expireAt"]!));
        Assert.Equal("Created", (string)(await _client.GetIntentAsync(intentId))["status"]!);
    }

    [Fact]
    public async Task AS15_polling_once_a_second_sees_each_status_and_every_notification_in_order()
    {
        var (_, sessionId) = await SaleAsync("APP1");

        var polls = await _client.PollAsync(sessionId);

        var statusesSeen = polls.Select(p => (string)p["status"]!).Distinct().ToArray();
        Assert.Equal(["InitiateRequested", "Initiated", "Captured"], statusesSeen);
        Assert.InRange(polls.Count, 9, 11);
        var last = polls[^1].Notifications();
        Assert.All(polls, p => Assert.Equal(last.Take(p.Notifications().Length), p.Notifications()));
    }

    [Fact]
    public async Task AS16_several_transactions_record_their_statuses_and_notifications()
    {
        var (_, approved) = await SaleAsync("APP1");
        var (_, canceled) = await SaleAsync("DIP0");
        await _client.PollAsync(canceled, stopAt: "Initiated");
        await (await _client.CancelSessionAsync(canceled)).ReadJsonAsync(HttpStatusCode.OK);
        var (_, signed) = await SaleAsync("SIP0");

        var approvedFinal = (await _client.PollAsync(approved))[^1];
        var canceledFinal = (await _client.PollAsync(canceled))[^1];
        await _client.PollAsync(signed, stopAt: "SignatureVerificationRequired");
        await _client.SignAsync(signed, true);
        var signedFinal = (await _client.PollAsync(signed, stopAt: "Captured"))[^1];

        Assert.Equal(["InitiateRequested", "Initiated", "Captured"], approvedFinal.Statuses());
        Assert.Equal(["PresentCard", "PleaseWait", "EnterPin", "PleaseWait", "RemoveCard"], approvedFinal.Notifications());
        Assert.Equal(["InitiateRequested", "Initiated", "CancelRequested", "Canceled"], canceledFinal.Statuses());
        Assert.Empty(canceledFinal.Notifications());
        Assert.Equal(["InitiateRequested", "Initiated", "SignatureVerificationRequired", "SignatureVerificationAccepted", "Captured"], signedFinal.Statuses());
        Assert.Equal(["PresentCard", "PleaseWait", "RemoveCard"], signedFinal.Notifications());
        // Every event is timestamped, no earlier than the session, each list in the order the events happened.
        foreach (var session in new[] { approvedFinal, canceledFinal, signedFinal })
        {
            foreach (var events in new[] { session["statusEvents"]!.AsArray(), session["notificationEvents"]!.AsArray() })
            {
                var times = events.Select(e => DateTimeOffset.Parse((string)e!["createdAt"]!)).ToList();
                Assert.All(times, t => Assert.True(t >= DateTimeOffset.Parse((string)session["createdAt"]!)));
                Assert.Equal(times.Order(), times);
            }
        }
    }

    [Fact]
    public async Task Rule34_terminal_status_follows_the_session_in_use_then_available()
    {
        var terminalId = await _client.TerminalIdAsync("APP1");
        var intentId = (string)(await _client.CreateIntentAsync())["id"]!;
        var sessionId = (string)(await _client.StartSaleAsync(terminalId, intentId))["id"]!;
        var during = await (await _client.GetAsync($"/terminals/{terminalId}")).ReadJsonAsync(HttpStatusCode.OK);
        var second = await _client.PostSessionAsync(terminalId, SessionHttp.UnlinkedRefundDetails(100));

        await _client.PollAsync(sessionId);
        var after = await (await _client.GetAsync($"/terminals/{terminalId}")).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("InUse", (string)during["status"]!);
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
        Assert.Equal("Available", (string)after["status"]!);
    }
}
