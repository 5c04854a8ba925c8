using PayAtCounter.Contracts;

namespace PayAtCounter.Engine.PaymentIntents;

/// <summary>A validated create request: the server has checked shapes and parsed the interval.</summary>
public sealed record NewPaymentIntent(CreatePaymentIntentRequest Request, TimeSpan? AutoExpireIn);

/// <summary>A card payment made for an intent: by a terminal, or by the sandbox on request.</summary>
public sealed record CardPayment(Card Card, string TransactionId, string AuthCode, bool Approved);

/// <summary>A refund of an intent, stored on its own so it can be fetched by id.</summary>
public sealed record RefundRecord(
    string RefundId,
    string PaymentIntentId,
    string AccountId,
    long Amount,
    string? RefundReason,
    string? Notes,
    string? PreviousTransactionId,
    string IdempotencyKey,
    string Message,
    DateTimeOffset CreatedAt);

/// <summary>The result of a capture.</summary>
public sealed record CaptureResult(string CaptureId, string Message);

/// <summary>The result of a reversal.</summary>
public sealed record ReversalResult(string ReversalId, string Message);
