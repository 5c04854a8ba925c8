using PayAtCounter.Client;
using PayAtCounter.Contracts;

namespace PayAtCounter.Till;

// Pre-authorizations and refunds: what happens to an order's money after the terminal is done with it.
public sealed partial class Counter
{
    /// <summary>
    /// Raises (or lowers) a pre-authorization's amount before it is captured (MP-05). What Dojo refuses is shown in its
    /// own words: a captured intent (MP-06), an intent it does not know (MP-07), an amount of 0 (MP-08).
    /// </summary>
    public async Task ChangeAmountAsync(Order order, long amount, CancellationToken cancellationToken = default)
    {
        var intent = await CallAsync(() => dojo.PaymentIntents.ChangeAmountAsync(Intent(order), new SetAmountRequest { Amount = new Money(amount, "GBP") }, cancellationToken));
        order.Amount = intent.Amount?.Value ?? amount;
        order.IntentStatus = intent.Status;
        journal.Record(order.Reference, $"amount changed to {Pence(order.Amount)}", $"intent {intent.Id} is {intent.Status}");
    }

    /// <summary>Captures a pre-authorization, in full or less; then reads the intent to record what was taken.</summary>
    public async Task CaptureAsync(Order order, long amount, CancellationToken cancellationToken = default)
    {
        await CallAsync(() => dojo.PaymentIntents.CaptureAsync(Intent(order), new CreateCaptureRequest { Amount = amount }, cancellationToken));
        var intent = await CallAsync(() => dojo.PaymentIntents.GetAsync(Intent(order), cancellationToken: cancellationToken));
        order.IntentStatus = intent.Status;
        journal.Record(order.Reference, $"captured {Pence(amount)}", $"intent {intent.Id} is {intent.Status}");
        order.Notice = $"Captured {Pence(amount)}.";
    }

    /// <summary>Releases a pre-authorization (nothing is taken); then reads the intent.</summary>
    public async Task ReverseAsync(Order order, CancellationToken cancellationToken = default)
    {
        await CallAsync(() => dojo.PaymentIntents.ReverseAsync(Intent(order), cancellationToken));
        var intent = await CallAsync(() => dojo.PaymentIntents.GetAsync(Intent(order), cancellationToken: cancellationToken));
        order.IntentStatus = intent.Status;
        journal.Record(order.Reference, "reversed", $"intent {intent.Id} is {intent.Status}");
        order.Notice = "The pre-authorization was released.";
    }

    /// <summary>
    /// Refunds a paid order to its card through the API, in full (null) or in part. The refund gets an idempotency
    /// key first, written in the journal, and keeps it across retries (the SDK's own, and this method called again
    /// after a failure), so it happens at most once. Then the intent is read: <c>Refunded</c> or still <c>Captured</c>.
    /// </summary>
    public async Task RefundAsync(Order order, long? amount = null, string reason = "Requested by customer", CancellationToken cancellationToken = default)
    {
        var pending = order.Refunds.LastOrDefault(r => r.RefundId is null);
        var value = pending?.Amount ?? amount ?? (order.Amount + order.Tips - order.Refunded);
        if (pending is null)
        {
            pending = new ApiRefund($"{order.Reference}-refund-{Guid.NewGuid():N}", value, null);
            order.Refunds.Add(pending);
            journal.Record(new JournalEntry(clock.GetUtcNow(), order.Reference, $"refund of {Pence(value)} asked", $"idempotency key {pending.Key}", Amount: value, RefundKey: pending.Key));
        }
        var refund = await CallAsync(() => dojo.PaymentIntents.RefundAsync(Intent(order), new CreateRefundRequest { Amount = value, RefundReason = reason }, pending.Key, cancellationToken));
        order.Refunds[order.Refunds.IndexOf(pending)] = pending with { RefundId = refund.RefundId };
        var intent = await CallAsync(() => dojo.PaymentIntents.GetAsync(Intent(order), cancellationToken: cancellationToken));
        order.IntentStatus = intent.Status;
        order.Refunded = intent.RefundedAmount ?? order.Refunded;
        journal.Record(new JournalEntry(clock.GetUtcNow(), order.Reference, $"refunded {Pence(value)}", $"refund {refund.RefundId}; intent {intent.Id} is {intent.Status}, {Pence(order.Refunded)} refunded in all",
            Amount: value, RefundKey: pending.Key, RefundId: refund.RefundId));
        order.Notice = intent.Status == PaymentIntentStatus.Refunded ? "Refunded in full." : $"Partly refunded: {Pence(order.Refunded)} of {Pence(order.Amount + order.Tips)}.";
    }

    /// <summary>A refund on the terminal of a paid order, to the card the customer presents (matched refund).</summary>
    public async Task<Order> MatchedRefundAsync(Order paid, string? terminal = null, long? amount = null, CancellationToken cancellationToken = default)
    {
        var order = NewOrder(OrderKind.MatchedRefund, amount ?? paid.Amount);
        order.PaymentIntentId = Intent(paid);
        journal.Record(order.Reference, $"terminal refund of {paid.Reference} started", $"intent {order.PaymentIntentId}");
        await StartSessionAsync(order, await TerminalIdAsync(terminal ?? paid.TerminalId, cancellationToken), new TerminalSessionDetails
        {
            SessionType = TerminalSessionType.MatchedRefund,
            MatchedRefund = new TerminalSessionMatchedRefundDetails { PaymentIntentId = order.PaymentIntentId, Amount = amount is { } part ? new Money(part, "GBP") : null },
        }, cancellationToken);
        return order;
    }

    /// <summary>A refund on the terminal to whatever card is presented, with no earlier sale (unlinked refund).</summary>
    public async Task<Order> UnlinkedRefundAsync(long amount, string? terminal = null, CancellationToken cancellationToken = default)
    {
        var order = NewOrder(OrderKind.UnlinkedRefund, amount);
        journal.Record(order.Reference, $"unlinked refund of {Pence(amount)} started", "refund to a card with no sale behind it");
        await StartSessionAsync(order, await TerminalIdAsync(terminal, cancellationToken), new TerminalSessionDetails
        {
            SessionType = TerminalSessionType.UnlinkedRefund,
            UnlinkedRefund = new TerminalSessionUnlinkedRefundDetails { Amount = new Money(amount, "GBP") },
        }, cancellationToken);
        return order;
    }

    /// <summary>
    /// Subscribes the till's receiver to intent status changes unless it already is, lists the subscriptions
    /// (PI-09), and returns the subscription's active secret for checking signatures.
    /// </summary>
    public async Task<string> SubscribeAsync(string receiverUrl, CancellationToken cancellationToken = default)
    {
        var existing = (await CallAsync(() => dojo.Webhooks.ListAsync(cancellationToken))).FirstOrDefault(s => s.Url == receiverUrl);
        var subscription = existing ?? await CallAsync(() => dojo.Webhooks.SubscribeAsync(
            new SubscriptionRequest { Url = receiverUrl, Events = ["payment_intent.status_updated"], Description = "PayAtCounter reference till" }, cancellationToken));
        var listed = await CallAsync(() => dojo.Webhooks.ListAsync(cancellationToken));
        journal.Record(null, $"subscribed {receiverUrl}", $"subscription {subscription.Id}; {listed.Count} subscription(s) on the account");
        var secrets = await CallAsync(() => dojo.Webhooks.SecretsAsync(subscription.Id, cancellationToken));
        return secrets.Secrets.FirstOrDefault(s => s.IsActive)?.Value ?? throw new TillException("The subscription has no active secret.");
    }

    /// <summary>Updates an order from a verified webhook event about its intent.</summary>
    internal void Apply(WebhookPayload payload)
    {
        foreach (var order in _orders.Values.Where(o => o.PaymentIntentId == payload.Data.PaymentIntentId && o.Kind is OrderKind.Sale or OrderKind.PreAuth))
        {
            order.IntentStatus = payload.Data.PaymentStatus;
        }
    }

    private static string Intent(Order order) => order.PaymentIntentId ?? throw new TillException($"{order.Reference} has no payment intent.");
}
