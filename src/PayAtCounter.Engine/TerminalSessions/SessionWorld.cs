using PayAtCounter.Contracts;
using PayAtCounter.Engine.Ids;
using PayAtCounter.Engine.PaymentIntents;
using PayAtCounter.Engine.Terminals;

namespace PayAtCounter.Engine.TerminalSessions;

/// <summary>Everything a session step may change, read together and written in one transaction.</summary>
public sealed record SessionWorld(TerminalSessionState Session, TerminalState Terminal, PaymentIntentState? Intent);

/// <summary>The world after a step, with the intent's webhook events and a refund row to store, if any.</summary>
public sealed record SessionWorldChange(
    TerminalSessionState Session,
    TerminalState Terminal,
    PaymentIntentState? Intent,
    IReadOnlyList<PaymentIntentEvent> IntentEvents,
    RefundRecord? Refund = null);

/// <summary>What a simulated step needs besides the world: the time, ids, and the merchant name for receipts.</summary>
public sealed record Simulation(DateTimeOffset Now, IdGenerator Ids, string MerchantName);

/// <summary>A validated create request.</summary>
public sealed record NewTerminalSession(string TerminalId, TerminalSessionType Type, TerminalSessionDetails Details, string? PaymentIntentId, Money? Amount, bool CardholderNotPresent);
