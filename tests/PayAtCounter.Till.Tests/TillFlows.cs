using PayAtCounter.Contracts;

namespace PayAtCounter.Till.Tests;

/// <summary>
/// Every flow of the checklist the till can act on, as a person at the counter would run it, each asserting what
/// the till shows and records. The tests run them one by one; the readiness test runs them all in one graded run.
/// </summary>
public static class TillFlows
{
    /// <summary>Each flow by the checklist rows it covers.</summary>
    public static readonly IReadOnlyDictionary<string, Func<TillHarness, Task>> All = new Dictionary<string, Func<TillHarness, Task>>
    {
        ["CFG-03 terminals listed with their availability"] = TerminalsAsync,
        ["PI-01 PI-03 PI-08 AS-01 sale with item lines, discount and tax"] = SaleAsync,
        ["AS-02 AS-03 cashback and gratuity"] = CashbackAndGratuityAsync,
        ["AS-04 MP-02 contactless on the interactive PDQ"] = ContactlessAsync,
        ["PI-07 MOTO"] = MotoAsync,
        ["AS-05 AS-08 signature accepted and rejected"] = SignatureAsync,
        ["AS-06 AS-09 signature left to its timeout, then rejected too late"] = SignatureTimeoutAsync,
        ["AS-07 MP-04 declined, retried on the same intent"] = DeclinedThenRetryAsync,
        ["AS-10 ERR-03 busy and offline terminals"] = UnavailableAsync,
        ["AS-11 X on the PDQ"] = CanceledOnPdqAsync,
        ["AS-12 cancel from the till"] = CanceledFromTillAsync,
        ["AS-13 ERR-04 cancel too late"] = CancelTooLateAsync,
        ["AS-14 expired, recorded by hand or retried"] = ExpiredAsync,
        ["PI-02 MP-01 MP-03 MP-05 MP-06 MP-08 pre-authorization raised, captured, reversed"] = PreAuthAsync,
        ["PI-05 PI-06 cancel an unpaid intent, list intents"] = CancelIntentAndSearchAsync,
        ["MP-07 an order from an earlier run whose intent Dojo does not know"] = ForgottenIntentAsync,
        ["RF-01 RF-02 refunds through the API"] = ApiRefundsAsync,
        ["TR-01 TR-02 TR-03 TR-04 TR-05 TR-06 unlinked refunds"] = UnlinkedRefundsAsync,
        ["TR-07 TR-08 TR-09 TR-10 TR-11 TR-12 matched refunds"] = MatchedRefundsAsync,
        ["PI-09 webhook subscription"] = WebhooksAsync,
    };

    private static async Task TerminalsAsync(TillHarness till)
    {
        var terminals = await till.Counter.TerminalsAsync();

        Assert.Contains(terminals, t => t.Tid.EndsWith("APP1", StringComparison.Ordinal) && t.Available);
        Assert.Contains(terminals, t => t.Tid.EndsWith("OFF1", StringComparison.Ordinal) && !t.Available);
    }

    private static async Task SaleAsync(TillHarness till)
    {
        var order = await till.SellAsync("APP1", TillHarness.Lunch());

        AssertPaid(till, order, PaymentIntentStatus.Captured);
        Assert.Equal(1600, order.Amount);
        Assert.Contains("PDQ: PresentCard", order.Messages);
    }

    private static async Task CashbackAndGratuityAsync(TillHarness till)
    {
        AssertPaid(till, await till.SellAsync("APP1", cashback: 2000), PaymentIntentStatus.Captured);
        var tipped = await till.SellAsync("APP1", tips: 150);
        AssertPaid(till, tipped, PaymentIntentStatus.Captured);
        Assert.Equal(150, tipped.Tips);
    }

    private static async Task ContactlessAsync(TillHarness till)
    {
        AssertPaid(till, await till.SellAsync("PDQ1", atCounter: till.PresentCard("PDQ1", "Contactless")), PaymentIntentStatus.Captured);
        AssertPaid(till, await till.SellAsync("PDQ1", preAuth: true, atCounter: till.PresentCard("PDQ1", "Contactless", "VISA")), PaymentIntentStatus.Authorized);
    }

    private static async Task MotoAsync(TillHarness till)
        => AssertPaid(till, await till.SellAsync("APP1", moto: true), PaymentIntentStatus.Captured);

    private static async Task SignatureAsync(TillHarness till)
    {
        var accepted = await till.SellAsync("SIP0", atCounter: Sign(till, true));
        AssertPaid(till, accepted, PaymentIntentStatus.Captured);

        var rejected = await till.SellAsync("SIP0", atCounter: Sign(till, false));
        Assert.Equal(Prompt.Declined, rejected.Prompt);
        Assert.False(rejected.Settled);
    }

    private static async Task SignatureTimeoutAsync(TillHarness till)
    {
        // Nobody answers: after 80 s Dojo accepts it.
        var order = await till.SellAsync("SIP0");
        AssertPaid(till, order, PaymentIntentStatus.Captured);

        await till.Counter.SignatureAsync(order, accepted: false);
        Assert.StartsWith("Too late", order.Notice, StringComparison.Ordinal);
        Assert.Equal(PaymentIntentStatus.Captured, order.IntentStatus);
    }

    private static async Task DeclinedThenRetryAsync(TillHarness till)
    {
        foreach (var preAuth in new[] { false, true })
        {
            var order = await till.SellAsync("DIP0", preAuth: preAuth);
            Assert.Equal(Prompt.Declined, order.Prompt);
            var intent = order.PaymentIntentId;

            await till.Counter.RetryAsync(order, "APP1");
            await till.Counter.FollowAsync(order);

            AssertPaid(till, order, preAuth ? PaymentIntentStatus.Authorized : PaymentIntentStatus.Captured);
            Assert.Equal(intent, order.PaymentIntentId);
        }
    }

    private static async Task UnavailableAsync(TillHarness till)
    {
        var pdq = await till.Sandbox.TerminalIdAsync("PDQ1");
        await till.Sandbox.Client.Sandbox.ChangeTerminalAsync(pdq, new() { BusyInMenu = true });
        var busy = await till.Counter.SellAsync(new SaleRequest(TillHarness.Of(500), "PDQ1"));
        await till.Sandbox.Client.Sandbox.ChangeTerminalAsync(pdq, new() { BusyInMenu = false });
        var offline = await till.Counter.SellAsync(new SaleRequest(TillHarness.Of(500), "OFF1"));

        Assert.Equal(Prompt.TerminalUnavailable, busy.Prompt);
        Assert.Equal(Prompt.TerminalUnavailable, offline.Prompt);
        Assert.Contains("not available", offline.Notice, StringComparison.Ordinal);
    }

    private static async Task CanceledOnPdqAsync(TillHarness till)
    {
        var order = await till.SellAsync("PDQ1", atCounter: till.PressX("PDQ1"));
        Assert.Equal(TerminalSessionStatus.Canceled, order.SessionStatus);
        Assert.Equal("canceled", till.Counter.Journal.Entries.Last(e => e.Order == order.Reference).What);
    }

    private static async Task CanceledFromTillAsync(TillHarness till)
    {
        var canceled = false;
        var order = await till.SellAsync("APP1", atCounter: async order =>
        {
            if (!canceled && order.Messages.Contains("PDQ: PresentCard"))
            {
                canceled = true;
                await till.Counter.CancelAsync(order);
            }
        });
        Assert.Equal(TerminalSessionStatus.Canceled, order.SessionStatus);
    }

    private static async Task CancelTooLateAsync(TillHarness till)
    {
        var tried = false;
        var order = await till.SellAsync("APP1", atCounter: async order =>
        {
            if (!tried && order.Messages.Contains("PDQ: EnterPin"))
            {
                tried = true;
                await till.Counter.CancelAsync(order);
                Assert.Contains("can no longer cancel", order.Notice, StringComparison.Ordinal);
            }
        });
        Assert.True(tried);
        AssertPaid(till, order, PaymentIntentStatus.Captured);
    }

    private static async Task ExpiredAsync(TillHarness till)
    {
        var byHand = await till.SellAsync("TIP0");
        Assert.Equal(Prompt.Expired, byHand.Prompt);
        Assert.Contains("cannot be confirmed", byHand.Notice, StringComparison.Ordinal);
        till.Counter.RecordByHand(byHand);
        Assert.Equal("paid (recorded by hand)", till.Counter.Journal.Entries.Last(e => e.Order == byHand.Reference).What);

        var retried = await till.SellAsync("TIP0");
        await till.Counter.RetryAsync(retried, "APP1");
        await till.Counter.FollowAsync(retried);
        AssertPaid(till, retried, PaymentIntentStatus.Captured);
    }

    private static async Task PreAuthAsync(TillHarness till)
    {
        var order = await till.SellAsync("APP1", TillHarness.Of(2000), preAuth: true);
        AssertPaid(till, order, PaymentIntentStatus.Authorized);
        await till.Counter.ChangeAmountAsync(order, 3000);
        Assert.Equal(PaymentIntentStatus.Authorized, order.IntentStatus);
        var zero = await Assert.ThrowsAsync<TillException>(() => till.Counter.ChangeAmountAsync(order, 0));
        Assert.Contains("higher than 0", zero.Message, StringComparison.Ordinal);
        await till.Counter.CaptureAsync(order, 2500);
        Assert.Equal(PaymentIntentStatus.Captured, order.IntentStatus);
        var afterCapture = await Assert.ThrowsAsync<TillException>(() => till.Counter.ChangeAmountAsync(order, 3500));
        Assert.Contains("Captured", afterCapture.Message, StringComparison.Ordinal);

        var other = await till.SellAsync("PDQ1", TillHarness.Of(1500), preAuth: true, atCounter: till.PresentCard("PDQ1", "Contactless", "MASTERCARD"));
        AssertPaid(till, other, PaymentIntentStatus.Authorized);
        await till.Counter.ReverseAsync(other);
        Assert.Equal(PaymentIntentStatus.Reversed, other.IntentStatus);
    }

    private static async Task CancelIntentAndSearchAsync(TillHarness till)
    {
        var busy = await till.Counter.SellAsync(new SaleRequest(TillHarness.Of(700), "OFF1"));
        Assert.Equal(Prompt.TerminalUnavailable, busy.Prompt);
        await till.Counter.AbandonAsync(busy);
        Assert.Equal(PaymentIntentStatus.Canceled, busy.IntentStatus);
        Assert.Contains(await till.Counter.RecentIntentsAsync(), i => i.Id == busy.PaymentIntentId);
    }

    private static async Task ForgottenIntentAsync(TillHarness till)
    {
        // Yesterday's journal names a pre-authorization this sandbox has never seen (it was reset since).
        var path = Path.Combine(Path.GetTempPath(), $"till-journal-{Guid.NewGuid():N}.jsonl");
        try
        {
            var yesterday = new Journal(TimeProvider.System, path);
            yesterday.Record(new JournalEntry(DateTimeOffset.UtcNow.AddDays(-1), "T20261206-0001", "intent pi_sandbox_gone created", "PreAuth of 20.00", "pi_sandbox_gone", OrderKind.PreAuth, 2000));
            var today = till.CounterWithJournal(new Journal(TimeProvider.System, path));

            var order = today.Find("T20261206-0001");
            var refused = await Assert.ThrowsAsync<TillException>(() => today.ChangeAmountAsync(order, 2500));

            Assert.Contains("pi_sandbox_gone", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task ApiRefundsAsync(TillHarness till)
    {
        var order = await till.SellAsync("APP1", TillHarness.Of(1000));
        await till.Counter.RefundAsync(order, 400);
        Assert.Equal(PaymentIntentStatus.Captured, order.IntentStatus);
        Assert.Equal(400, order.Refunded);
        await till.Counter.RefundAsync(order);
        Assert.Equal(PaymentIntentStatus.Refunded, order.IntentStatus);
        Assert.Equal(1000, order.Refunded);
        Assert.All(order.Refunds, r => Assert.NotNull(r.RefundId));
    }

    private static async Task UnlinkedRefundsAsync(TillHarness till)
    {
        Assert.Equal(TerminalSessionStatus.Captured, (await Follow(till, await till.Counter.UnlinkedRefundAsync(500, "APP1"))).SessionStatus);
        Assert.Equal(Prompt.Declined, (await Follow(till, await till.Counter.UnlinkedRefundAsync(500, "DIP0"))).Prompt);
        Assert.Equal(Prompt.Expired, (await Follow(till, await till.Counter.UnlinkedRefundAsync(500, "TIP0"))).Prompt);
        Assert.Equal(TerminalSessionStatus.Canceled, (await Follow(till, await till.Counter.UnlinkedRefundAsync(500, "PDQ1"), till.PressX("PDQ1"))).SessionStatus);
        Assert.Equal(TerminalSessionStatus.Captured, (await Follow(till, await till.Counter.UnlinkedRefundAsync(500, "SIS0"), Sign(till, true))).SessionStatus);
        Assert.Equal(Prompt.Declined, (await Follow(till, await till.Counter.UnlinkedRefundAsync(500, "SIS0"), Sign(till, false))).Prompt);
    }

    private static async Task MatchedRefundsAsync(TillHarness till)
    {
        var paid = await till.SellAsync("APP1", TillHarness.Of(1200));
        Assert.Equal(Prompt.Expired, (await Follow(till, await till.Counter.MatchedRefundAsync(paid, "TIP0"))).Prompt);
        Assert.Equal(TerminalSessionStatus.Canceled, (await Follow(till, await till.Counter.MatchedRefundAsync(paid, "PDQ1"), till.PressX("PDQ1"))).SessionStatus);
        Assert.Equal(Prompt.Declined, (await Follow(till, await till.Counter.MatchedRefundAsync(paid, "SIS0"), Sign(till, false))).Prompt);

        // Declined, then retried on another terminal: a new refund session, not a "paid" sale.
        var declined = await Follow(till, await till.Counter.MatchedRefundAsync(paid, "DIP0"));
        Assert.Equal(Prompt.Declined, declined.Prompt);
        await till.Counter.RetryAsync(declined, "APP1");
        var refunded = await Follow(till, declined);
        Assert.Equal(PaymentIntentStatus.Refunded, refunded.IntentStatus);
        Assert.StartsWith("refunded", till.Counter.Journal.Entries.Last(e => e.Order == declined.Reference).What, StringComparison.Ordinal);

        var another = await till.SellAsync("APP1", TillHarness.Of(700));
        var signed = await Follow(till, await till.Counter.MatchedRefundAsync(another, "SIS0"), Sign(till, true));
        Assert.Equal(PaymentIntentStatus.Refunded, signed.IntentStatus);
    }

    private static async Task WebhooksAsync(TillHarness till)
    {
        var secret = await till.Counter.SubscribeAsync("https://127.0.0.1:9/webhooks/dojo");

        Assert.False(string.IsNullOrEmpty(secret));
        Assert.Equal(secret, await till.Counter.SubscribeAsync("https://127.0.0.1:9/webhooks/dojo"));
    }

    /// <summary>The person at the counter answers the signature question once it is asked.</summary>
    public static Func<Order, Task> Sign(TillHarness till, bool accepted)
    {
        var answered = false;
        return async order =>
        {
            if (!answered && order.Prompt == Prompt.Signature)
            {
                answered = true;
                await till.Counter.SignatureAsync(order, accepted);
            }
        };
    }

    private static Task<Order> Follow(TillHarness till, Order order, Func<Order, Task>? atCounter = null) => till.Counter.FollowAsync(order, atCounter);

    private static void AssertPaid(TillHarness till, Order order, PaymentIntentStatus expected)
    {
        Assert.True(order.Settled, $"{order.Reference} not settled: {order.Notice} ({string.Join(", ", order.Messages)})");
        Assert.Equal(expected, order.IntentStatus);
        Assert.Contains(till.Counter.Journal.Entries, e => e.Order == order.Reference && e.What is "paid" or "pre-authorized");
    }
}
