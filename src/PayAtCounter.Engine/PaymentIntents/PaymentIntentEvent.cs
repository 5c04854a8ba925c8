using PayAtCounter.Contracts;

namespace PayAtCounter.Engine.PaymentIntents;

/// <summary>Something that happened to an intent, to be delivered as a webhook.</summary>
public sealed record PaymentIntentEvent(string Type, string PaymentIntentId, PaymentIntentStatus Status, CaptureMode CaptureMode, DateTimeOffset OccurredAt)
{
    /// <summary>An intent was created.</summary>
    public const string Created = "payment_intent.created";
    /// <summary>An intent's status changed.</summary>
    public const string StatusUpdated = "payment_intent.status_updated";
    /// <summary>An intent changed without a status change (amount, tips).</summary>
    public const string Updated = "payment_intent.updated";
}

/// <summary>The new state of an intent and the events the change raised.</summary>
public sealed record PaymentIntentChange(PaymentIntentState State, IReadOnlyList<PaymentIntentEvent> Events);

/// <summary>A change that also produced a result for the caller, such as a capture or a refund.</summary>
public sealed record PaymentIntentChange<TResult>(PaymentIntentState State, IReadOnlyList<PaymentIntentEvent> Events, TResult Result);
