namespace PayAtCounter.Contracts;

/// <summary>Body of <c>POST /payment-intents</c>.</summary>
public sealed class CreatePaymentIntentRequest
{
    /// <summary>Capture mode; <c>Auto</c> when omitted.</summary>
    public CaptureMode? CaptureMode { get; set; }
    /// <summary>Amount (required, above zero).</summary>
    public Money? Amount { get; set; }
    /// <summary>Tips.</summary>
    public Money? TipsAmount { get; set; }
    /// <summary>The merchant's reference (1–60 characters, required).</summary>
    public string? Reference { get; set; }
    /// <summary>Description (≤ 4096).</summary>
    public string? Description { get; set; }
    /// <summary>Customer.</summary>
    public PaymentCustomerDetails? Customer { get; set; }
    /// <summary>Billing address.</summary>
    public Address? BillingAddress { get; set; }
    /// <summary>Shipping details.</summary>
    public ShippingDetails? ShippingDetails { get; set; }
    /// <summary>Card holder not present: the terminal goes straight to keyed entry.</summary>
    public bool? CardHolderNotPresent { get; set; }
    /// <summary>Configuration.</summary>
    public PaymentIntentConfig? Config { get; set; }
    /// <summary>Request security.</summary>
    public RequestSecurity? RequestSecurity { get; set; }
    /// <summary>Item lines.</summary>
    public List<ItemLine>? ItemLines { get; set; }
    /// <summary>Tax lines.</summary>
    public List<TaxLine>? TaxLines { get; set; }
    /// <summary>Payment methods.</summary>
    public List<PaymentMethod>? PaymentMethods { get; set; }
    /// <summary>Action link.</summary>
    public ActionLink? ActionLink { get; set; }
    /// <summary>When to void the intent if not authorized; 30 days when omitted.</summary>
    public DateTimeOffset? ExpireAt { get; set; }
    /// <summary>Interval (<c>[d.]hh:mm:ss</c>, 30 s to 7 days) after which a Manual intent is captured or released.</summary>
    public string? AutoExpireIn { get; set; }
    /// <summary>What happens when <see cref="AutoExpireIn"/> elapses.</summary>
    public AutoExpireAction? AutoExpireAction { get; set; }
    /// <summary>Metadata.</summary>
    public Dictionary<string, string>? Metadata { get; set; }
    /// <summary>Setup intent id.</summary>
    public string? SetupIntentId { get; set; }
    /// <summary>Order details.</summary>
    public OrderDetails? OrderDetails { get; set; }
    /// <summary>Cashback.</summary>
    public Money? CashbackAmount { get; set; }
    /// <summary>Service charge.</summary>
    public Money? ServiceChargeAmount { get; set; }
    /// <summary>Generate a remote token.</summary>
    public bool? GenerateRemoteToken { get; set; }
}

/// <summary>Body of <c>POST /payment-intents/{id}/amount</c>.</summary>
public sealed class SetAmountRequest
{
    /// <summary>The new amount.</summary>
    public Money? Amount { get; set; }
    /// <summary>Replacement item lines.</summary>
    public List<ItemLine>? ItemLines { get; set; }
    /// <summary>Replacement tax lines.</summary>
    public List<TaxLine>? TaxLines { get; set; }
}

/// <summary>Body of <c>POST /payment-intents/{id}/tips-amount</c>.</summary>
public sealed class SetTipsAmountRequest
{
    /// <summary>The new tip.</summary>
    public Money? TipsAmount { get; set; }
}

/// <summary>Body of <c>POST /payment-intents/{id}/captures</c>.</summary>
public sealed class CreateCaptureRequest
{
    /// <summary>Amount to capture in minor units (≤ the authorized amount).</summary>
    public long? Amount { get; set; }
    /// <summary>Tips to capture in minor units.</summary>
    public long? TipsAmount { get; set; }
}

/// <summary>Body of <c>POST /payment-intents/{id}/refunds</c>.</summary>
public sealed class CreateRefundRequest
{
    /// <summary>Amount to refund in minor units.</summary>
    public long? Amount { get; set; }
    /// <summary>Previous transaction id (≤ 100).</summary>
    public string? PreviousTransactionId { get; set; }
    /// <summary>Reason (≤ 1024).</summary>
    public string? RefundReason { get; set; }
    /// <summary>Notes (≤ 4096).</summary>
    public string? Notes { get; set; }
}

/// <summary>Body of <c>POST /payment-intents/{id}/receipt</c>.</summary>
public sealed class SendEmailReceiptRequest
{
    /// <summary>Where to send the receipt.</summary>
    public List<string>? Emails { get; set; }
}

/// <summary>Body of <c>POST /payment-intents/search</c>.</summary>
public sealed class SearchPaymentIntentRequest
{
    /// <summary>Only intents with any of these statuses.</summary>
    public List<PaymentIntentStatus>? Statuses { get; set; }
    /// <summary>Created at or after.</summary>
    public DateTimeOffset? StartDate { get; set; }
    /// <summary>Created at or before.</summary>
    public DateTimeOffset? EndDate { get; set; }
    /// <summary>Paging.</summary>
    public Cursor? Cursor { get; set; }
}

/// <summary>Paging of a search.</summary>
public sealed class Cursor
{
    /// <summary>Page size, 1–100, default 50.</summary>
    public int? Limit { get; set; }
    /// <summary>Page before this cursor (newer items).</summary>
    public string? Before { get; set; }
    /// <summary>Page after this cursor (older items).</summary>
    public string? After { get; set; }
}

/// <summary>A page of payment intents.</summary>
public sealed class PagedPaymentIntent
{
    /// <summary>The intents, newest first.</summary>
    public List<PaymentIntent>? Data { get; set; }
    /// <summary>Cursor of the previous (newer) page, when there is one.</summary>
    public string? Before { get; set; }
    /// <summary>Cursor of the next (older) page, when there is one.</summary>
    public string? After { get; set; }
}

/// <summary>Result of a capture.</summary>
public sealed class Capture
{
    /// <summary>Message.</summary>
    public string? Message { get; set; }
    /// <summary>Capture id.</summary>
    public string? CaptureId { get; set; }
}

/// <summary>A refund. Carries the union of the schema's fields and the guides' <c>message</c> (contract A5).</summary>
public sealed class Refund
{
    /// <summary>Payment intent id.</summary>
    public string? PaymentIntentId { get; set; }
    /// <summary>Refund id.</summary>
    public string? RefundId { get; set; }
    /// <summary>Reason.</summary>
    public string? RefundReason { get; set; }
    /// <summary>Notes.</summary>
    public string? Notes { get; set; }
    /// <summary>Message, as in Dojo's guides.</summary>
    public string? Message { get; set; }
}

/// <summary>Result of a reversal.</summary>
public sealed class Reversal
{
    /// <summary>Message.</summary>
    public string? Message { get; set; }
    /// <summary>Reversal id.</summary>
    public string? ReversalId { get; set; }
}
