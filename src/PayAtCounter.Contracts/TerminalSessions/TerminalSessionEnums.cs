using System.Text.Json.Serialization;

namespace PayAtCounter.Contracts;

/// <summary>Status of a terminal session.</summary>
[JsonConverter(typeof(StrictEnumConverter<TerminalSessionStatus>))]
public enum TerminalSessionStatus
{
    /// <summary>Created; waiting for the terminal.</summary>
    InitiateRequested,
    /// <summary>The terminal has the session.</summary>
    Initiated,
    /// <summary>Authorized (Manual sale).</summary>
    Authorized,
    /// <summary>Captured (Auto sale, or a successful refund).</summary>
    Captured,
    /// <summary>Cancellation requested.</summary>
    CancelRequested,
    /// <summary>Canceled.</summary>
    Canceled,
    /// <summary>Signature accepted.</summary>
    SignatureVerificationAccepted,
    /// <summary>Signature rejected.</summary>
    SignatureVerificationRejected,
    /// <summary>Waiting for the EPOS to accept or reject the signature.</summary>
    SignatureVerificationRequired,
    /// <summary>The result could not be confirmed.</summary>
    Expired,
    /// <summary>Declined.</summary>
    Declined,
}

/// <summary>Kind of terminal session.</summary>
[JsonConverter(typeof(StrictEnumConverter<TerminalSessionType>))]
public enum TerminalSessionType
{
    /// <summary>A sale of a payment intent.</summary>
    Sale,
    /// <summary>A refund linked to a payment intent.</summary>
    MatchedRefund,
    /// <summary>A refund with no payment intent.</summary>
    UnlinkedRefund,
}
