using PayAtCounter.Contracts;

namespace PayAtCounter.Till;

/// <summary>What a till order is: a sale, a pre-authorization, or a refund on the terminal.</summary>
public enum OrderKind
{
    /// <summary>A sale, captured at once (Auto).</summary>
    Sale,
    /// <summary>A pre-authorization (Manual): raised, captured or reversed later.</summary>
    PreAuth,
    /// <summary>A refund on the terminal of an earlier sale's card.</summary>
    MatchedRefund,
    /// <summary>A refund on the terminal to any card.</summary>
    UnlinkedRefund,
}

/// <summary>A question the till puts to the person at the counter.</summary>
public enum Prompt
{
    /// <summary>Nothing to decide.</summary>
    None,
    /// <summary>The terminal asks the till to check the customer's signature: accept or reject.</summary>
    Signature,
    /// <summary>The result cannot be confirmed: check the PDQ's screen, then record it by hand or retry.</summary>
    Expired,
    /// <summary>The card was declined: retry on the same payment intent, or give up.</summary>
    Declined,
    /// <summary>The terminal is offline, in its menu or busy: check it, then retry.</summary>
    TerminalUnavailable,
}

/// <summary>One refund through the API, with the idempotency key it keeps across retries.</summary>
/// <param name="Key">The idempotency key: the same for every retry of this refund, so it can happen only once.</param>
/// <param name="Amount">Pence.</param>
/// <param name="RefundId">Dojo's id, once it answered.</param>
public sealed record ApiRefund(string Key, long Amount, string? RefundId);

/// <summary>
/// An order as the till shows and follows it: the payment intent behind it, the terminal session in progress, what
/// the PDQ showed, and what the person at the counter must decide. Changed only by <see cref="Counter"/>.
/// </summary>
public sealed class Order
{
    /// <summary>The till's own reference, sent as the intent's reference (it finds a lost create by it).</summary>
    public required string Reference { get; init; }

    /// <summary>What it is.</summary>
    public required OrderKind Kind { get; init; }

    /// <summary>The goods' amount in pence (tips and cashback on top).</summary>
    public long Amount { get; set; }

    /// <summary>Gratuity, pence.</summary>
    public long Tips { get; init; }

    /// <summary>Cashback, pence.</summary>
    public long Cashback { get; init; }

    /// <summary>Mail or telephone order: the card holder is not present, the PDQ asks for the card number.</summary>
    public bool CardHolderNotPresent { get; init; }

    /// <summary>The payment intent (sales, pre-authorizations, matched refunds).</summary>
    public string? PaymentIntentId { get; set; }

    /// <summary>The intent's status when the till last read it.</summary>
    public PaymentIntentStatus? IntentStatus { get; set; }

    /// <summary>How much of the intent has been refunded, pence.</summary>
    public long Refunded { get; set; }

    /// <summary>The terminal the order went to.</summary>
    public string? TerminalId { get; set; }

    /// <summary>The current (or last) terminal session.</summary>
    public string? TerminalSessionId { get; set; }

    /// <summary>Its status.</summary>
    public TerminalSessionStatus? SessionStatus { get; set; }

    private readonly List<string> _messages = [];

    /// <summary>What the PDQ and the session said, in order: "PDQ: PresentCard", "Status: Captured", … (a copy: the page reads it while a poll adds to it).</summary>
    public IReadOnlyList<string> Messages
    {
        get
        {
            lock (_messages)
            {
                return _messages.ToArray();
            }
        }
    }

    /// <summary>Adds what a poll saw.</summary>
    public void AddMessages(IEnumerable<string> messages)
    {
        lock (_messages)
        {
            _messages.AddRange(messages);
        }
    }

    /// <summary>The question for the person at the counter.</summary>
    public Prompt Prompt { get; set; }

    /// <summary>What the till last told the person (an error, an outcome).</summary>
    public string? Notice { get; set; }

    /// <summary>Refunds through the API, with their keys.</summary>
    public List<ApiRefund> Refunds { get; } = [];

    /// <summary>True once the outcome is recorded in the journal.</summary>
    public bool Settled { get; set; }
}
