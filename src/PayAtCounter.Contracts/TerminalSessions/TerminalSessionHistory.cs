namespace PayAtCounter.Contracts;

/// <summary>One past terminal session of a payment intent.</summary>
public sealed class TerminalSessionHistoryResponse
{
    /// <summary>The session, without receipts.</summary>
    public TerminalSessionResponse? TerminalSession { get; set; }
    /// <summary>The card payment it made, if any.</summary>
    public TerminalSessionPaymentResponse? Payment { get; set; }
}

/// <summary>A terminal session as listed in a payment intent's history.</summary>
public sealed class TerminalSessionResponse
{
    /// <summary>Terminal id.</summary>
    public string? TerminalId { get; set; }
    /// <summary>Session id.</summary>
    public string? Id { get; set; }
    /// <summary>Status.</summary>
    public TerminalSessionStatus Status { get; set; }
    /// <summary>When it expires or expired.</summary>
    public DateTimeOffset ExpireAt { get; set; }
    /// <summary>Created.</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Last updated.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Messages shown on the terminal.</summary>
    public List<TerminalSessionNotification>? NotificationEvents { get; set; }
    /// <summary>Status changes.</summary>
    public List<TerminalSessionStatusEvent>? StatusEvents { get; set; }
    /// <summary>What the session did.</summary>
    public TerminalSessionDetails? Details { get; set; }
}

/// <summary>A message the terminal showed.</summary>
public sealed class TerminalSessionNotification
{
    /// <summary>Notification type, e.g. <c>PresentCard</c>.</summary>
    public string NotificationType { get; set; } = "";
    /// <summary>When it was shown.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A status change of a session.</summary>
public sealed class TerminalSessionStatusEvent
{
    /// <summary>The new status.</summary>
    public TerminalSessionStatus Status { get; set; }
    /// <summary>When.</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Troubleshooting text; empty when there is none.</summary>
    public string DebugMessage { get; set; } = "";
}

/// <summary>The card payment a terminal session made.</summary>
public sealed class TerminalSessionPaymentResponse
{
    /// <summary>Transaction time.</summary>
    public string? TransactionDateTime { get; set; }
    /// <summary>Masked card number.</summary>
    public string? CardNumber { get; set; }
    /// <summary>Expiry date.</summary>
    public string? ExpiryDate { get; set; }
    /// <summary>Card scheme.</summary>
    public string? CardType { get; set; }
    /// <summary>Gateway transaction id.</summary>
    public string? AuthGatewayTransactionId { get; set; }
    /// <summary>Card holder name.</summary>
    public string? CardHolderName { get; set; }
    /// <summary>Entry mode.</summary>
    public string? EntryMode { get; set; }
    /// <summary>Verification mode.</summary>
    public string? VerificationMode { get; set; }
}
