using System.Text.Json.Serialization;
using PayAtCounter.Contracts;

namespace PayAtCounter.Engine.PaymentIntents;

/// <summary>
/// A payment intent as the domain sees it. Immutable: every command returns a new state. The echoed
/// request details reuse the wire types and are never mutated once stored.
/// </summary>
public sealed record PaymentIntentState
{
    /// <summary>Id.</summary>
    public required string Id { get; init; }
    /// <summary>Owning account.</summary>
    public required string AccountId { get; init; }
    /// <summary>Capture mode.</summary>
    public required CaptureMode CaptureMode { get; init; }
    /// <summary>Status.</summary>
    public required PaymentIntentStatus Status { get; init; }
    /// <summary>Current amount (excluding tips, service charge and cashback).</summary>
    public required Money Amount { get; init; }
    /// <summary>The amount first requested.</summary>
    public required Money RequestedAmount { get; init; }
    /// <summary>Tips.</summary>
    public Money? TipsAmount { get; init; }
    /// <summary>Cashback.</summary>
    public Money? CashbackAmount { get; init; }
    /// <summary>Service charge.</summary>
    public Money? ServiceChargeAmount { get; init; }
    /// <summary>Captured so far, in minor units: what refunds draw on.</summary>
    public long CapturedAmount { get; init; }
    /// <summary>Refunded so far, in minor units.</summary>
    public long RefundedAmount { get; init; }
    /// <summary>The merchant's reference.</summary>
    public required string Reference { get; init; }
    /// <summary>Description.</summary>
    public string? Description { get; init; }
    /// <summary>Card holder not present (MOTO).</summary>
    public bool CardHolderNotPresent { get; init; }
    /// <summary>Created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>Last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
    /// <summary>When the intent is voided if not yet authorized.</summary>
    public required DateTimeOffset ExpireAt { get; init; }
    /// <summary>Interval after authorization at which a Manual intent is captured or released.</summary>
    public TimeSpan? AutoExpireIn { get; init; }
    /// <summary>What the auto-expiry does.</summary>
    public AutoExpireAction? AutoExpireAction { get; init; }
    /// <summary>When the card payment authorized the intent.</summary>
    public DateTimeOffset? AuthorizedAt { get; init; }
    /// <summary>Request details stored and echoed unchanged.</summary>
    public PaymentIntentExtras Extras { get; init; } = new();
    /// <summary>Payment events, oldest first.</summary>
    public IReadOnlyList<PaymentStatusResponse> PaymentEvents { get; init; } = [];
    /// <summary>Captures, oldest first.</summary>
    public IReadOnlyList<CaptureDetails> Captures { get; init; } = [];
    /// <summary>The card payment, once there is one.</summary>
    public PaymentDetails? PaymentDetails { get; init; }
    /// <summary>The terminal session working on this intent now; only one at a time (contract A38).</summary>
    public string? LiveTerminalSessionId { get; init; }

    /// <summary>Amount plus tips, service charge and cashback (contract A27).</summary>
    [JsonIgnore]
    public Money TotalAmount => MoneyMath.Total(Amount, TipsAmount, ServiceChargeAmount, CashbackAmount);

    /// <summary>When the scheduler must next look at this intent: voiding or auto-expiry.</summary>
    [JsonIgnore]
    public DateTimeOffset? NextDueAt => Status switch
    {
        // A sale in progress decides the intent's fate; it is not voided under the terminal's feet.
        PaymentIntentStatus.Created when LiveTerminalSessionId is null => ExpireAt,
        PaymentIntentStatus.Authorized when AutoExpireIn is { } after && AuthorizedAt is { } at => at + after,
        _ => null,
    };
}

/// <summary>Details of the create request that the intent only stores and echoes.</summary>
public sealed record PaymentIntentExtras
{
    /// <summary>Customer.</summary>
    public Customer? Customer { get; init; }
    /// <summary>Billing address.</summary>
    public Address? BillingAddress { get; init; }
    /// <summary>Shipping details.</summary>
    public ShippingDetails? ShippingDetails { get; init; }
    /// <summary>Configuration as requested.</summary>
    public PaymentIntentConfig? Config { get; init; }
    /// <summary>Request security.</summary>
    public RequestSecurity? RequestSecurity { get; init; }
    /// <summary>Item lines.</summary>
    public IReadOnlyList<ItemLine> ItemLines { get; init; } = [];
    /// <summary>Tax lines.</summary>
    public IReadOnlyList<TaxLine> TaxLines { get; init; } = [];
    /// <summary>Payment methods.</summary>
    public IReadOnlyList<PaymentMethod> PaymentMethods { get; init; } = [PaymentMethod.Card];
    /// <summary>Action link.</summary>
    public ActionLink? ActionLink { get; init; }
    /// <summary>Metadata.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    /// <summary>Setup intent id.</summary>
    public string? SetupIntentId { get; init; }
    /// <summary>Order details.</summary>
    public OrderDetails? OrderDetails { get; init; }
}
