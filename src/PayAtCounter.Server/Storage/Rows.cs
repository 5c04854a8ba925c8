namespace PayAtCounter.Server.Storage;

// Storage rows never go on the wire. Times are UTC ticks so that SQLite and PostgreSQL both order and
// compare them natively; state that is only read whole is kept as a JSON document.

/// <summary>An account and the hash of its API key.</summary>
public sealed class AccountRow
{
    /// <summary>Account id (<c>acc_…</c>).</summary>
    public required string Id { get; set; }
    /// <summary>Display name.</summary>
    public required string Name { get; set; }
    /// <summary>SHA-256 of the API key.</summary>
    public required byte[] KeyHash { get; set; }
    /// <summary>True for a sandbox key.</summary>
    public bool IsSandbox { get; set; }
    /// <summary>Created, UTC ticks.</summary>
    public long CreatedAtTicks { get; set; }
}

/// <summary>A payment intent: indexed columns plus the whole state as JSON.</summary>
public sealed class PaymentIntentRow
{
    /// <summary>Id.</summary>
    public required string Id { get; set; }
    /// <summary>Owning account.</summary>
    public required string AccountId { get; set; }
    /// <summary>Status name, for search.</summary>
    public required string Status { get; set; }
    /// <summary>Created, UTC ticks, for search and paging.</summary>
    public long CreatedAtTicks { get; set; }
    /// <summary>When the scheduler must next look at it, UTC ticks; null when never.</summary>
    public long? NextDueAtTicks { get; set; }
    /// <summary>Optimistic concurrency version.</summary>
    public int Version { get; set; }
    /// <summary>The serialized <c>PaymentIntentState</c>.</summary>
    public required string Document { get; set; }
}

/// <summary>A refund, kept apart so it can be fetched by id and found by idempotency key.</summary>
public sealed class RefundRow
{
    /// <summary>Refund id.</summary>
    public required string Id { get; set; }
    /// <summary>Owning account.</summary>
    public required string AccountId { get; set; }
    /// <summary>Refunded intent.</summary>
    public required string PaymentIntentId { get; set; }
    /// <summary>Idempotency key; unique per intent.</summary>
    public required string IdempotencyKey { get; set; }
    /// <summary>Amount in minor units.</summary>
    public long Amount { get; set; }
    /// <summary>Reason.</summary>
    public string? RefundReason { get; set; }
    /// <summary>Notes.</summary>
    public string? Notes { get; set; }
    /// <summary>Previous transaction id.</summary>
    public string? PreviousTransactionId { get; set; }
    /// <summary>Message returned to the client.</summary>
    public required string Message { get; set; }
    /// <summary>Created, UTC ticks.</summary>
    public long CreatedAtTicks { get; set; }
}

/// <summary>
/// An event waiting to be delivered as a webhook, written in the same transaction as the change that
/// raised it (transactional outbox). The payload is fixed at write time so every delivery signs the same bytes.
/// </summary>
public sealed class OutboxEventRow
{
    /// <summary>Event id (<c>evt_…</c>), stable across retries.</summary>
    public required string Id { get; set; }
    /// <summary>Owning account.</summary>
    public required string AccountId { get; set; }
    /// <summary>Event name, e.g. <c>payment_intent.status_updated</c>.</summary>
    public required string Type { get; set; }
    /// <summary>The JSON body to deliver.</summary>
    public required string Payload { get; set; }
    /// <summary>When it happened, UTC ticks; deliveries go out in this order.</summary>
    public long OccurredAtTicks { get; set; }
    /// <summary>True once a delivery row exists for every subscription that wants it.</summary>
    public bool FannedOut { get; set; }
}

/// <summary>A virtual terminal: the whole state as JSON.</summary>
public sealed class TerminalRow
{
    /// <summary>Id.</summary>
    public required string Id { get; set; }
    /// <summary>Owning account.</summary>
    public required string AccountId { get; set; }
    /// <summary>Optimistic concurrency version.</summary>
    public int Version { get; set; }
    /// <summary>The serialized <c>TerminalState</c>.</summary>
    public required string Document { get; set; }
}

/// <summary>A terminal session: indexed columns plus the whole state as JSON.</summary>
public sealed class TerminalSessionRow
{
    /// <summary>Id.</summary>
    public required string Id { get; set; }
    /// <summary>Owning account.</summary>
    public required string AccountId { get; set; }
    /// <summary>Terminal.</summary>
    public required string TerminalId { get; set; }
    /// <summary>Linked intent, for the intent's session history.</summary>
    public string? PaymentIntentId { get; set; }
    /// <summary>Created, UTC ticks.</summary>
    public long CreatedAtTicks { get; set; }
    /// <summary>When the scheduler must next look at it, UTC ticks; null once final.</summary>
    public long? NextDueAtTicks { get; set; }
    /// <summary>Optimistic concurrency version.</summary>
    public int Version { get; set; }
    /// <summary>The serialized <c>TerminalSessionState</c>.</summary>
    public required string Document { get; set; }
}

/// <summary>The latest sandbox time at which work was done, so a restart never turns the clock back.</summary>
public sealed class SandboxClockRow
{
    /// <summary>Always 1: there is one clock.</summary>
    public int Id { get; set; }
    /// <summary>Sandbox time, UTC ticks.</summary>
    public long SandboxTicks { get; set; }
}

/// <summary>A webhook subscription: the whole state as JSON.</summary>
public sealed class WebhookSubscriptionRow
{
    /// <summary>Id.</summary>
    public required string Id { get; set; }
    /// <summary>Owning account.</summary>
    public required string AccountId { get; set; }
    /// <summary>Optimistic concurrency version.</summary>
    public int Version { get; set; }
    /// <summary>The serialized <c>SubscriptionState</c>.</summary>
    public required string Document { get; set; }
}

/// <summary>One event on its way to one subscription, with its attempt log.</summary>
public sealed class WebhookDeliveryRow
{
    /// <summary>Id.</summary>
    public required string Id { get; set; }
    /// <summary>Owning account.</summary>
    public required string AccountId { get; set; }
    /// <summary>Subscription.</summary>
    public required string SubscriptionId { get; set; }
    /// <summary>Event.</summary>
    public required string EventId { get; set; }
    /// <summary>When the next attempt is due, UTC ticks; null when delivered or failed.</summary>
    public long? NextAttemptAtTicks { get; set; }
    /// <summary>Created, UTC ticks.</summary>
    public long CreatedAtTicks { get; set; }
    /// <summary>Optimistic concurrency version.</summary>
    public int Version { get; set; }
    /// <summary>The serialized <c>DeliveryState</c>.</summary>
    public required string Document { get; set; }
}
