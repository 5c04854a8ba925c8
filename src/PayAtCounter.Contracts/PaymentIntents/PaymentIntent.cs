namespace PayAtCounter.Contracts;

/// <summary>A payment intent as the API returns it.</summary>
public sealed class PaymentIntent
{
    /// <summary>Id, e.g. <c>pi_sandbox_…</c>.</summary>
    public string? Id { get; set; }
    /// <summary>Capture mode.</summary>
    public CaptureMode? CaptureMode { get; set; }
    /// <summary>Card holder not present (MOTO).</summary>
    public bool CardHolderNotPresent { get; set; }
    /// <summary>Online checkout secret; not used at the counter.</summary>
    public string? ClientSessionSecret { get; set; }
    /// <summary>Expiry of the checkout secret; <c>0001-01-01T00:00:00Z</c> when none was issued.</summary>
    public DateTimeOffset ClientSessionSecretExpirationDate { get; set; }
    /// <summary>Details of the payment once finalized.</summary>
    public PaymentDetails? PaymentDetails { get; set; }
    /// <summary>Status.</summary>
    public PaymentIntentStatus Status { get; set; }
    /// <summary>Accepted payment methods.</summary>
    public List<PaymentMethod>? PaymentMethods { get; set; }
    /// <summary>Amount, excluding tips, service charge and cashback.</summary>
    public Money? Amount { get; set; }
    /// <summary>Tips.</summary>
    public Money? TipsAmount { get; set; }
    /// <summary>The amount first requested.</summary>
    public Money? RequestedAmount { get; set; }
    /// <summary>Amount plus tips, service charge and cashback.</summary>
    public Money? TotalAmount { get; set; }
    /// <summary>Refunded so far, in minor units.</summary>
    public long? RefundedAmount { get; set; }
    /// <summary>Customer.</summary>
    public Customer? Customer { get; set; }
    /// <summary>Request security information.</summary>
    public RequestSecurity? RequestSecurity { get; set; }
    /// <summary>Billing address.</summary>
    public Address? BillingAddress { get; set; }
    /// <summary>Shipping details.</summary>
    public ShippingDetails? ShippingDetails { get; set; }
    /// <summary>Created.</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Last updated.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>The merchant's reference.</summary>
    public string? Reference { get; set; }
    /// <summary>Description.</summary>
    public string? Description { get; set; }
    /// <summary>Sum of item lines.</summary>
    public Money? SubtotalLineItems { get; set; }
    /// <summary>Item lines.</summary>
    public List<ItemLine>? ItemLines { get; set; }
    /// <summary>Tax lines.</summary>
    public List<TaxLine>? TaxLines { get; set; }
    /// <summary>Action link.</summary>
    public ActionLink? ActionLink { get; set; }
    /// <summary>Merchant configuration.</summary>
    public MerchantConfig? MerchantConfig { get; set; }
    /// <summary>Intent configuration.</summary>
    public PaymentIntentConfig? Config { get; set; }
    /// <summary>What happens when <see cref="AutoExpireIn"/> elapses.</summary>
    public AutoExpireAction? AutoExpireAction { get; set; }
    /// <summary>When an unauthorized intent is voided.</summary>
    public DateTimeOffset? ExpireAt { get; set; }
    /// <summary>Interval after authorization at which a Manual intent is captured or released.</summary>
    public string? AutoExpireIn { get; set; }
    /// <summary>Metadata.</summary>
    public Dictionary<string, string>? Metadata { get; set; }
    /// <summary>Order details.</summary>
    public OrderDetails? OrderDetails { get; set; }
    /// <summary>Setup intent id.</summary>
    public string? SetupIntentId { get; set; }
    /// <summary>Cashback.</summary>
    public Money? CashbackAmount { get; set; }
    /// <summary>Service charge.</summary>
    public Money? ServiceChargeAmount { get; set; }
    /// <summary>Payment events; in Dojo's examples though not in the schema (contract A6).</summary>
    public List<PaymentStatusResponse>? PaymentEvents { get; set; }
    /// <summary>Where the intent came from (<c>api</c>); in Dojo's examples though not in the schema (contract A6).</summary>
    public string? PaymentSource { get; set; }
    /// <summary>Hosted checkout link.</summary>
    public string? PaymentLink { get; set; }
    /// <summary>Terminal sessions of this intent.</summary>
    public List<TerminalSessionHistoryResponse>? TerminalSessionHistory { get; set; }
    /// <summary>Captures.</summary>
    public List<CaptureDetails>? Captures { get; set; }
}
