using System.Text.Json.Serialization;

namespace PayAtCounter.Contracts;

/// <summary>A session on a terminal: a sale or a refund, with everything the terminal showed.</summary>
public sealed class TerminalSession
{
    /// <summary>Terminal id.</summary>
    public string TerminalId { get; set; } = "";
    /// <summary>Created.</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Last status change.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Session id.</summary>
    public string Id { get; set; } = "";
    /// <summary>Status.</summary>
    public TerminalSessionStatus Status { get; set; }
    /// <summary>When the session is or was marked Expired if unresolved; it moves as the session progresses.</summary>
    public DateTimeOffset ExpireAt { get; set; }
    /// <summary>Messages the terminal showed, oldest first.</summary>
    public List<TerminalSessionNotification> NotificationEvents { get; set; } = [];
    /// <summary>Status changes, oldest first.</summary>
    public List<TerminalSessionStatusEvent> StatusEvents { get; set; } = [];
    /// <summary>The request's details, echoed.</summary>
    public TerminalSessionDetails? Details { get; set; }
    /// <summary>The card payment once final.</summary>
    public PaymentDetails? PaymentDetails { get; set; }
    /// <summary>The receipt as the schema names it; Dojo's examples send <see cref="CustomerReceipt"/> and <see cref="MerchantReceipt"/> instead (contract A1).</summary>
    public TerminalSessionReceipt? Receipt { get; set; }
    /// <summary>Customer receipt, once the card has been processed (Dojo's examples; contract A1).</summary>
    public TerminalSessionReceipt? CustomerReceipt { get; set; }
    /// <summary>Merchant receipt, once the card has been processed (Dojo's examples; contract A1).</summary>
    public TerminalSessionReceipt? MerchantReceipt { get; set; }
}

/// <summary>What a session does.</summary>
public sealed class TerminalSessionDetails
{
    /// <summary>Session type.</summary>
    public TerminalSessionType? SessionType { get; set; }
    /// <summary>Sale details.</summary>
    public TerminalSessionSaleDetails? Sale { get; set; }
    /// <summary>Matched refund details.</summary>
    public TerminalSessionMatchedRefundDetails? MatchedRefund { get; set; }
    /// <summary>Unlinked refund details.</summary>
    public TerminalSessionUnlinkedRefundDetails? UnlinkedRefund { get; set; }
}

/// <summary>A sale of a payment intent.</summary>
public sealed class TerminalSessionSaleDetails
{
    /// <summary>The intent to collect.</summary>
    public string? PaymentIntentId { get; set; }
}

/// <summary>A refund linked to a payment intent.</summary>
public sealed class TerminalSessionMatchedRefundDetails
{
    /// <summary>The intent to refund.</summary>
    public string? PaymentIntentId { get; set; }
    /// <summary>The amount; the whole remaining amount when omitted.</summary>
    public Money? Amount { get; set; }
}

/// <summary>A refund with no payment intent.</summary>
public sealed class TerminalSessionUnlinkedRefundDetails
{
    /// <summary>The amount to refund.</summary>
    public Money? Amount { get; set; }
    /// <summary>Card holder not present: the terminal goes straight to keyed entry (note the lower-case h, as in the spec).</summary>
    public bool? CardholderNotPresent { get; set; }
}

/// <summary>Body of <c>POST /terminal-sessions</c>.</summary>
public sealed class CreateTerminalSessionRequest
{
    /// <summary>The terminal.</summary>
    public string? TerminalId { get; set; }
    /// <summary>What to do.</summary>
    public TerminalSessionDetails? Details { get; set; }
}

/// <summary>Body of <c>PUT /terminal-sessions/{id}/signature</c>.</summary>
public sealed class SignatureVerificationRequest
{
    /// <summary>True to accept the signature, false to reject it.</summary>
    public bool? Accepted { get; set; }
}

/// <summary>A printed receipt.</summary>
public sealed class TerminalSessionReceipt
{
    /// <summary>Lines, top to bottom.</summary>
    public List<TerminalSessionReceiptLine> Lines { get; set; } = [];
}

/// <summary>One receipt line.</summary>
public sealed class TerminalSessionReceiptLine
{
    /// <summary>Line type.</summary>
    public TerminalSessionReceiptLineType LineType { get; set; }
    /// <summary>Text, for Text lines.</summary>
    public TerminalSessionReceiptText? Text { get; set; }
    /// <summary>Logo, for LogoImage lines.</summary>
    public TerminalSessionReceiptImageLogo? ImageLogo { get; set; }
}

/// <summary>Receipt text.</summary>
public sealed class TerminalSessionReceiptText
{
    /// <summary>The text.</summary>
    public string Value { get; set; } = "";
    /// <summary>Size.</summary>
    public TerminalSessionReceiptTextSize Size { get; set; }
    /// <summary>Alignment.</summary>
    public TerminalSessionReceiptAlign Align { get; set; }
    /// <summary>Bold.</summary>
    public bool EmphasisBold { get; set; }
}

/// <summary>Receipt logo.</summary>
public sealed class TerminalSessionReceiptImageLogo
{
    /// <summary>The logo.</summary>
    public string Value { get; set; } = "";
    /// <summary>Alignment.</summary>
    public TerminalSessionReceiptAlign Align { get; set; }
}

/// <summary>Receipt line type; "Seperator" is spelt as on the wire.</summary>
[JsonConverter(typeof(StrictEnumConverter<TerminalSessionReceiptLineType>))]
public enum TerminalSessionReceiptLineType
{
    /// <summary>Text.</summary>
    Text,
    /// <summary>Logo image.</summary>
    LogoImage,
    /// <summary>Empty line.</summary>
    NewLine,
    /// <summary>Single separator.</summary>
    SingleLineSeperator,
    /// <summary>Double separator.</summary>
    DoubleLineSeperator,
}

/// <summary>Receipt text size.</summary>
[JsonConverter(typeof(StrictEnumConverter<TerminalSessionReceiptTextSize>))]
public enum TerminalSessionReceiptTextSize
{
    /// <summary>Header 1.</summary>
    SizeHeader1,
    /// <summary>Header 2.</summary>
    SizeHeader2,
    /// <summary>Body.</summary>
    SizeBody,
}

/// <summary>Receipt alignment.</summary>
[JsonConverter(typeof(StrictEnumConverter<TerminalSessionReceiptAlign>))]
public enum TerminalSessionReceiptAlign
{
    /// <summary>Left.</summary>
    AlignLeft,
    /// <summary>Center.</summary>
    AlignCenter,
    /// <summary>Right.</summary>
    AlignRight,
}

/// <summary>Notification types a terminal shows. A string on the wire because the 2025 spec made it open.</summary>
public static class TerminalNotificationTypes
{
    /// <summary>Approved.</summary>
    public const string Approved = "Approved";
    /// <summary>Declined.</summary>
    public const string Declined = "Declined";
    /// <summary>Insert card.</summary>
    public const string InsertCard = "InsertCard";
    /// <summary>Enter PIN.</summary>
    public const string EnterPin = "EnterPin";
    /// <summary>Please wait.</summary>
    public const string PleaseWait = "PleaseWait";
    /// <summary>Present card.</summary>
    public const string PresentCard = "PresentCard";
    /// <summary>Remove card.</summary>
    public const string RemoveCard = "RemoveCard";
}
