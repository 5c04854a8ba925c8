using System.Text.Json.Serialization;

namespace PayAtCounter.Contracts;

// Value objects that a client sends when creating a payment intent and that the intent echoes back.

/// <summary>Customer details.</summary>
public sealed class Customer
{
    /// <summary>Customer id.</summary>
    public string? Id { get; set; }
    /// <summary>Email address (≤ 254 characters).</summary>
    public string? EmailAddress { get; set; }
    /// <summary>Phone number (≤ 50 characters).</summary>
    public string? PhoneNumber { get; set; }
}

/// <summary>Customer details on a create request, which may also carry a secret and a saved card.</summary>
public sealed class PaymentCustomerDetails
{
    /// <summary>Customer id.</summary>
    public string? Id { get; set; }
    /// <summary>Email address (≤ 254 characters).</summary>
    public string? EmailAddress { get; set; }
    /// <summary>Phone number (≤ 50 characters).</summary>
    public string? PhoneNumber { get; set; }
    /// <summary>Customer secret.</summary>
    public string? Secret { get; set; }
    /// <summary>Saved card id.</summary>
    public string? SavedCardId { get; set; }
}

/// <summary>A postal address.</summary>
public sealed class Address
{
    /// <summary>Line 1.</summary>
    public string? Address1 { get; set; }
    /// <summary>Line 2.</summary>
    public string? Address2 { get; set; }
    /// <summary>Line 3.</summary>
    public string? Address3 { get; set; }
    /// <summary>Line 4.</summary>
    public string? Address4 { get; set; }
    /// <summary>City.</summary>
    public string? City { get; set; }
    /// <summary>State.</summary>
    public string? State { get; set; }
    /// <summary>Postcode.</summary>
    public string? Postcode { get; set; }
    /// <summary>ISO 3166-1 alpha-2 country code; always present on the wire (may be empty).</summary>
    public string CountryCode { get; set; } = "";
    /// <summary>Locality.</summary>
    public string? Locality { get; set; }
    /// <summary>County.</summary>
    public string? County { get; set; }
}

/// <summary>Shipping details.</summary>
public sealed class ShippingDetails
{
    /// <summary>Recipient name.</summary>
    public string? Name { get; set; }
    /// <summary>Delivery notes.</summary>
    public string? DeliveryNotes { get; set; }
    /// <summary>Delivery address.</summary>
    public Address? Address { get; set; }
}

/// <summary>Whether a piece of checkout data must be collected.</summary>
public sealed class CollectionConfig
{
    /// <summary>True when the data must be collected.</summary>
    public bool? CollectionRequired { get; set; }
}

/// <summary>What the checkout shows.</summary>
public sealed class PaymentIntentConfigDetails
{
    /// <summary>Show the total.</summary>
    public bool? ShowTotal { get; set; }
    /// <summary>Show the reference.</summary>
    public bool? ShowReference { get; set; }
}

/// <summary>Which changes the intent allows.</summary>
public sealed class PaymentConfigDetails
{
    /// <summary>The amount may be changed.</summary>
    public bool? CustomAmountAllowed { get; set; }
    /// <summary>Tips are allowed.</summary>
    public bool? TipsAllowed { get; set; }
}

/// <summary>Payment intent configuration, as sent and as returned.</summary>
public sealed class PaymentIntentConfig
{
    /// <summary>Checkout title.</summary>
    public string? Title { get; set; }
    /// <summary>Redirect URL after payment.</summary>
    public string? RedirectUrl { get; set; }
    /// <summary>Cancel URL.</summary>
    public string? CancelUrl { get; set; }
    /// <summary>Customer email collection.</summary>
    public CollectionConfig? CustomerEmail { get; set; }
    /// <summary>Display details.</summary>
    public PaymentIntentConfigDetails? Details { get; set; }
    /// <summary>Billing address collection.</summary>
    public CollectionConfig? BillingAddress { get; set; }
    /// <summary>Shipping details collection.</summary>
    public CollectionConfig? ShippingDetails { get; set; }
    /// <summary>Allowed changes.</summary>
    public PaymentConfigDetails? Payment { get; set; }
    /// <summary>Branding; in Dojo's examples though not in the schema (contract A7). Only returned.</summary>
    public Branding? Branding { get; set; }
    /// <summary>The merchant's trading name; in Dojo's examples though not in the schema (contract A7). Only returned.</summary>
    public string? TradingName { get; set; }
}

/// <summary>Checkout branding.</summary>
public sealed class Branding
{
    /// <summary>Logo URL.</summary>
    public string? LogoUrl { get; set; }
    /// <summary>Favicon URL.</summary>
    public string? FaviconUrl { get; set; }
}

/// <summary>Information about the device that created the intent.</summary>
public sealed class RequestSecurity
{
    /// <summary>User agent.</summary>
    public string? UserAgent { get; set; }
    /// <summary>IP address.</summary>
    public string? IpAddress { get; set; }
    /// <summary>Device.</summary>
    public string? Device { get; set; }
}

/// <summary>An adjustment to an item line; a negative amount is a discount.</summary>
public sealed class Modifier
{
    /// <summary>Name.</summary>
    public string? Name { get; set; }
    /// <summary>Amount per modifier; negative for a discount.</summary>
    public Money? AmountPerModifier { get; set; }
    /// <summary>Quantity per single item.</summary>
    public int? Quantity { get; set; }
    /// <summary>Id.</summary>
    public string? Id { get; set; }
}

/// <summary>A bill item.</summary>
public sealed class ItemLine
{
    /// <summary>Id (≤ 60).</summary>
    public string? Id { get; set; }
    /// <summary>Quantity.</summary>
    public int? Quantity { get; set; }
    /// <summary>Name (≤ 100).</summary>
    public string? Name { get; set; }
    /// <summary>Category.</summary>
    public string? Category { get; set; }
    /// <summary>Modifiers such as discounts.</summary>
    public List<Modifier>? Modifiers { get; set; }
    /// <summary>Total before discounts and taxes.</summary>
    public Money? AmountTotal { get; set; }
    /// <summary>Price look-up code (≤ 200).</summary>
    public string? Plu { get; set; }
}

/// <summary>A tax line.</summary>
public sealed class TaxLine
{
    /// <summary>Id (≤ 60).</summary>
    public string? Id { get; set; }
    /// <summary>Caption (≤ 100).</summary>
    public string? Caption { get; set; }
    /// <summary>Sub-caption (≤ 100).</summary>
    public string? SubCaption { get; set; }
    /// <summary>Tax amount.</summary>
    public Money? AmountTotal { get; set; }
    /// <summary>The PLU it applies to (≤ 200).</summary>
    public string? AffectedPlu { get; set; }
}

/// <summary>A link shown with the payment.</summary>
public sealed class ActionLink
{
    /// <summary>URL.</summary>
    public string? Url { get; set; }
    /// <summary>What the link does.</summary>
    public ActionType? Action { get; set; }
    /// <summary>Label (1–60).</summary>
    public string? Label { get; set; }
    /// <summary>File name (≤ 256).</summary>
    public string? FileName { get; set; }
}

/// <summary>Order details.</summary>
public sealed class OrderDetails
{
    /// <summary>Availability date.</summary>
    public DateTimeOffset? AvailabilityDate { get; set; }
    /// <summary>Whether this updates an order.</summary>
    public bool? IsUpdate { get; set; }
    /// <summary>Dojo order id.</summary>
    public string? Id { get; set; }
    /// <summary>External (EPOS) order id.</summary>
    public string? ExternalId { get; set; }
}

/// <summary>Card schemes and wallets the merchant accepts.</summary>
public sealed class MerchantConfig
{
    /// <summary>Supported payment methods.</summary>
    public SupportedPaymentMethods? SupportedPaymentMethods { get; set; }
}

/// <summary>Supported card schemes and wallets.</summary>
public sealed class SupportedPaymentMethods
{
    /// <summary>Card schemes such as <c>VISA</c>.</summary>
    public List<string>? CardSchemes { get; set; }
    /// <summary>Wallets such as <c>APPLE_PAY</c>.</summary>
    public List<string>? Wallets { get; set; }
}

/// <summary>The card used for a payment.</summary>
public sealed class Card
{
    /// <summary>Masked card number.</summary>
    public string? CardNumber { get; set; }
    /// <summary>Card holder name.</summary>
    public string? CardName { get; set; }
    /// <summary>Expiry date.</summary>
    public string? ExpiryDate { get; set; }
    /// <summary>Card scheme, e.g. <c>VISA</c>.</summary>
    public string? CardType { get; set; }
    /// <summary>Funding type: Unknown, Debit, Credit, Charge, Prepaid.</summary>
    public string? CardFundingType { get; set; }
    /// <summary>Last four digits.</summary>
    [JsonPropertyName("last4PAN")]
    public string? Last4Pan { get; set; }
    /// <summary>Entry mode: Contactless, ContactChip, Magstripe, ManualEntry, Unknown.</summary>
    public string? EntryMode { get; set; }
    /// <summary>Verification method: Pin, Signature, Device, None.</summary>
    public string? VerificationMethod { get; set; }
}

/// <summary>Details of a finalized payment.</summary>
public sealed class PaymentDetails
{
    /// <summary>Transaction id.</summary>
    public string? TransactionId { get; set; }
    /// <summary>Transaction time (ISO 8601).</summary>
    public string? TransactionDateTime { get; set; }
    /// <summary>Result message, e.g. <c>DEPOSITED</c>.</summary>
    public string? Message { get; set; }
    /// <summary>Payment method id.</summary>
    public string? PaymentMethodId { get; set; }
    /// <summary>Acquirer authorization code.</summary>
    public string? AuthCode { get; set; }
    /// <summary>The card.</summary>
    public Card? Card { get; set; }
    /// <summary>AVS result (API version 2025-09-10 and later).</summary>
    public string? AvsResult { get; set; }
}

/// <summary>One item of <c>paymentEvents</c>.</summary>
public sealed class PaymentStatusResponse
{
    /// <summary>Transaction id.</summary>
    public string? TransactionId { get; set; }
    /// <summary>Transaction time.</summary>
    public string? TransactionDateTime { get; set; }
    /// <summary>Event type.</summary>
    public PaymentEventType EventType { get; set; }
    /// <summary>Authorization code.</summary>
    public string? AuthCode { get; set; }
    /// <summary>Masked card number.</summary>
    public string? CardNumber { get; set; }
    /// <summary>Expiry date.</summary>
    public string? ExpiryDate { get; set; }
    /// <summary>Card scheme.</summary>
    public string? CardType { get; set; }
    /// <summary>Card holder name.</summary>
    public string? CardholderName { get; set; }
    /// <summary>Payment method id.</summary>
    public string? PaymentMethodId { get; set; }
}

/// <summary>One capture of an intent.</summary>
public sealed class CaptureDetails
{
    /// <summary>Capture id.</summary>
    public string? Id { get; set; }
    /// <summary>Captured amount in minor units.</summary>
    public long Amount { get; set; }
    /// <summary>Captured tips in minor units.</summary>
    public long? TipsAmount { get; set; }
    /// <summary>Capture status.</summary>
    public CaptureStatus Status { get; set; }
    /// <summary>When it was captured.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
