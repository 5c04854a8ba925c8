using PayAtCounter.Contracts;

namespace PayAtCounter.Till.Tests;

/// <summary>
/// A response lost on the way (the sandbox's fault rules store the change, then drop the connection) is recovered
/// by reading or by the refund's idempotency key: the customer is never charged or refunded twice.
/// </summary>
public sealed class ResilienceTests
{
    [Fact]
    public async Task A_create_whose_answer_is_lost_is_found_by_its_reference_not_made_again()
    {
        await using var till = await TillHarness.StartAsync();
        await till.Sandbox.AddFaultAsync("POST", "/payment-intents", "DropAfterCommit", count: 1);

        var order = await till.Counter.SellAsync(new SaleRequest(TillHarness.Of(1000), "APP1"));
        await till.Counter.FollowAsync(order);

        var mine = await till.Counter.RecentIntentsAsync();
        Assert.Single(mine, i => i.Reference == order.Reference);
        Assert.Equal(PaymentIntentStatus.Captured, order.IntentStatus);
        Assert.Contains(till.Counter.Journal.Entries, e => e.Order == order.Reference && e.What.EndsWith("found", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_session_whose_answer_is_lost_is_found_in_the_intents_history_not_started_again()
    {
        await using var till = await TillHarness.StartAsync();
        await till.Sandbox.AddFaultAsync("POST", "/terminal-sessions", "DropAfterCommit", count: 1);

        var order = await till.Counter.SellAsync(new SaleRequest(TillHarness.Of(1000), "APP1"));
        await till.Counter.FollowAsync(order);

        Assert.Equal(PaymentIntentStatus.Captured, order.IntentStatus);
        var intent = await till.Sandbox.Client.PaymentIntents.GetAsync(order.PaymentIntentId!);
        Assert.Single(intent.TerminalSessionHistory!);
    }

    [Fact]
    public async Task A_refund_whose_answer_is_lost_is_sent_again_with_its_key_and_happens_once()
    {
        await using var till = await TillHarness.StartAsync();
        var order = await till.SellAsync("APP1", TillHarness.Of(1000));
        await till.Sandbox.AddFaultAsync("POST", "/payment-intents/*/refunds", "DropAfterCommit", count: 1);

        await till.Counter.RefundAsync(order, 600);

        Assert.Equal(600, order.Refunded);
        Assert.Single(order.Refunds);
        Assert.Equal(600, (await till.Sandbox.Client.PaymentIntents.GetAsync(order.PaymentIntentId!)).RefundedAmount);
    }

    [Fact]
    public async Task A_till_started_again_finds_its_orders_in_the_journal_and_a_second_refund_is_a_new_refund()
    {
        await using var till = await TillHarness.StartAsync();
        var path = Path.Combine(Path.GetTempPath(), $"till-journal-{Guid.NewGuid():N}.jsonl");
        try
        {
            var first = till.CounterWithJournal(new Journal(TimeProvider.System, path));
            var order = await first.FollowAsync(await first.SellAsync(new SaleRequest(TillHarness.Of(1000), "APP1")));
            await first.RefundAsync(order, 300);

            var again = till.CounterWithJournal(new Journal(TimeProvider.System, path));
            var restored = again.Find(order.Reference);
            await again.RefreshAsync(restored);
            await again.RefundAsync(restored, 300);

            Assert.Equal(600, restored.Refunded);
            Assert.Equal(2, restored.Refunds.Select(r => r.Key).Distinct().Count());
            var sold = await again.FollowAsync(await again.SellAsync(new SaleRequest(TillHarness.Of(500), "APP1")));
            Assert.NotEqual(order.Reference, sold.Reference);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
