using PayAtCounter.Contracts;

namespace PayAtCounter.Engine.TerminalSessions;

/// <summary>What the terminal does next when its time comes.</summary>
public enum SessionStep
{
    /// <summary>The terminal picks the session up: Initiated.</summary>
    Acknowledge,
    /// <summary>The terminal asks for a card.</summary>
    ShowPresentCard,
    /// <summary>A card is presented, inserted or keyed; the cancel window closes.</summary>
    PresentCard,
    /// <summary>The terminal asks for the PIN.</summary>
    ShowPin,
    /// <summary>The PIN is entered.</summary>
    EnterPin,
    /// <summary>The terminal asks for the card to be removed.</summary>
    RemoveCard,
    /// <summary>The issuer's answer arrives.</summary>
    Decide,
    /// <summary>Nobody answered the signature request in time: it is accepted.</summary>
    SignatureTimeout,
    /// <summary>An accepted signature settles as Captured or Authorized.</summary>
    CompleteAcceptance,
    /// <summary>The terminal confirms a cancel request.</summary>
    ConfirmCancel,
}

/// <summary>What the card payment of a session comes to.</summary>
public enum CardOutcome
{
    /// <summary>Approved.</summary>
    Approve,
    /// <summary>Declined by the issuer.</summary>
    Decline,
    /// <summary>Needs the EPOS to verify a signature.</summary>
    Signature,
    /// <summary>The terminal loses its connection; the session expires unresolved.</summary>
    Disconnect,
}

/// <summary>A terminal session as the domain sees it.</summary>
public sealed record TerminalSessionState
{
    /// <summary>Id (<c>ts_…</c>).</summary>
    public required string Id { get; init; }
    /// <summary>Owning account.</summary>
    public required string AccountId { get; init; }
    /// <summary>Terminal.</summary>
    public required string TerminalId { get; init; }
    /// <summary>The terminal's TID when the session started (receipts).</summary>
    public required string Tid { get; init; }
    /// <summary>Sale, matched or unlinked refund.</summary>
    public required TerminalSessionType Type { get; init; }
    /// <summary>The request's details, echoed.</summary>
    public required TerminalSessionDetails Details { get; init; }
    /// <summary>The linked intent (Sale, MatchedRefund).</summary>
    public string? PaymentIntentId { get; init; }
    /// <summary>What the terminal charges or refunds in total.</summary>
    public required Money Amount { get; init; }
    /// <summary>Gratuity shown on the terminal and receipt.</summary>
    public long Gratuity { get; init; }
    /// <summary>Cashback shown on the terminal and receipt.</summary>
    public long Cashback { get; init; }
    /// <summary>Capture mode of the sold intent.</summary>
    public CaptureMode? CaptureMode { get; init; }
    /// <summary>Keyed entry without the card present.</summary>
    public bool CardholderNotPresent { get; init; }
    /// <summary>Driven by a person rather than the script.</summary>
    public bool Interactive { get; init; }
    /// <summary>Status.</summary>
    public required TerminalSessionStatus Status { get; init; }
    /// <summary>Created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>Last status change.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }
    /// <summary>When the session expires if unresolved.</summary>
    public required DateTimeOffset ExpireAt { get; init; }
    /// <summary>Status changes, oldest first.</summary>
    public IReadOnlyList<TerminalSessionStatusEvent> StatusEvents { get; init; } = [];
    /// <summary>Notifications, oldest first.</summary>
    public IReadOnlyList<TerminalSessionNotification> NotificationEvents { get; init; } = [];
    /// <summary>The next scripted step; null while waiting for a person, a decision or expiry.</summary>
    public SessionStep? NextStep { get; init; }
    /// <summary>When <see cref="NextStep"/> runs.</summary>
    public DateTimeOffset? NextStepAt { get; init; }
    /// <summary>A card has been presented: cancel is no longer possible (rule 53).</summary>
    public bool CardPresented { get; init; }
    /// <summary>How the card was read.</summary>
    public string? EntryMode { get; init; }
    /// <summary>Card scheme of the presented card; VISA unless a person chose another.</summary>
    public string? CardScheme { get; init; }
    /// <summary>How the card holder was verified.</summary>
    public string? VerificationMethod { get; init; }
    /// <summary>What the payment will come to.</summary>
    public CardOutcome Outcome { get; init; }
    /// <summary>From the terminal's next-session plan: when the card comes after the terminal asks for it (scripted).</summary>
    public TimeSpan? CardAfter { get; init; }
    /// <summary>From the plan: the connection drops once the card is approved; the session then expires unresolved.</summary>
    public bool DisconnectAfterCard { get; init; }
    /// <summary>From the plan: wrong PINs still to come before the right one.</summary>
    public int WrongPins { get; init; }
    /// <summary>The outcome came from the terminal's next-session plan: a card presented by hand without one keeps it.</summary>
    public bool OutcomePlanned { get; init; }
    /// <summary>The card was approved and the terminal then dropped off (the plan's disconnect): nothing more happens but expiry.</summary>
    public bool DroppedOff { get; init; }
    /// <summary>When an unanswered signature request is accepted.</summary>
    public DateTimeOffset? SignatureDeadline { get; init; }
    /// <summary>The card payment, once processed.</summary>
    public PaymentDetails? PaymentDetails { get; init; }
    /// <summary>Customer copy.</summary>
    public TerminalSessionReceipt? CustomerReceipt { get; init; }
    /// <summary>Merchant copy.</summary>
    public TerminalSessionReceipt? MerchantReceipt { get; init; }
    /// <summary>Refund made by a matched refund session.</summary>
    public string? RefundId { get; init; }

    /// <summary>True once the session can no longer change (contract §7.15).</summary>
    public bool IsFinal => Status is TerminalSessionStatus.Captured or TerminalSessionStatus.Authorized or TerminalSessionStatus.Canceled
        or TerminalSessionStatus.Declined or TerminalSessionStatus.Expired or TerminalSessionStatus.SignatureVerificationRejected;

    /// <summary>When the scheduler must look at the session next: its next step or its expiry.</summary>
    public DateTimeOffset? DueAt => IsFinal ? null : NextStepAt is { } at && at < ExpireAt ? at : ExpireAt;
}
