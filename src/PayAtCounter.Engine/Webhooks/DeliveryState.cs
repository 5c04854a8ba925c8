namespace PayAtCounter.Engine.Webhooks;

/// <summary>Where a delivery stands.</summary>
public enum DeliveryStatus
{
    /// <summary>Waiting for its next attempt.</summary>
    Pending,
    /// <summary>The receiver answered 2xx.</summary>
    Delivered,
    /// <summary>Every attempt failed; only a redeliver sends it again.</summary>
    Failed,
}

/// <summary>One event on its way to one subscription.</summary>
public sealed record DeliveryState
{
    /// <summary>Id (<c>whd_…</c>).</summary>
    public required string Id { get; init; }
    /// <summary>Owning account.</summary>
    public required string AccountId { get; init; }
    /// <summary>The event (<c>evt_…</c>); the same on every attempt so receivers can deduplicate.</summary>
    public required string EventId { get; init; }
    /// <summary>Event name.</summary>
    public required string EventType { get; init; }
    /// <summary>The subscription.</summary>
    public required string SubscriptionId { get; init; }
    /// <summary>Status.</summary>
    public required DeliveryStatus Status { get; init; }
    /// <summary>When the next attempt is due.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }
    /// <summary>Attempts so far, oldest first.</summary>
    public IReadOnlyList<DeliveryAttempt> Attempts { get; init; } = [];
    /// <summary>Created.</summary>
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>When a receiver accepted it.</summary>
    public DateTimeOffset? DeliveredAt { get; init; }
    /// <summary>When a person last asked for it to be sent again; attempts before count no more towards the limit.</summary>
    public DateTimeOffset? RedeliveredAt { get; init; }
}

/// <summary>One HTTP attempt: what the receiver said, how long it took.</summary>
/// <param name="At">When it was sent (sandbox time).</param>
/// <param name="Url">Where it was sent.</param>
/// <param name="StatusCode">HTTP status, or null when no response arrived.</param>
/// <param name="LatencyMs">Round trip in milliseconds.</param>
/// <param name="ResponseExcerpt">The start of the response body.</param>
/// <param name="Error">Why there was no response (timeout, connection refused).</param>
/// <param name="SecretId">The secret that signed it.</param>
public sealed record DeliveryAttempt(DateTimeOffset At, string Url, int? StatusCode, long LatencyMs, string? ResponseExcerpt, string? Error, string SecretId)
{
    /// <summary>True for a 2xx answer.</summary>
    public bool Succeeded => StatusCode is >= 200 and < 300;
}

/// <summary>Retry policy: exponential backoff with jitter, and a give-up limit.</summary>
public sealed record RetryPolicy(TimeSpan BaseDelay, TimeSpan MaxDelay, int MaxAttempts)
{
    /// <summary>The delivery after <paramref name="attempt"/> is recorded: delivered, retried later, or failed for good.</summary>
    public DeliveryState Record(DeliveryState delivery, DeliveryAttempt attempt, double jitter)
    {
        var attempts = delivery.Attempts.Concat([attempt]).ToList();
        if (attempt.Succeeded)
        {
            return delivery with { Attempts = attempts, Status = DeliveryStatus.Delivered, DeliveredAt = attempt.At, NextAttemptAt = null };
        }
        if (attempts.Count(a => a.At >= LastRestart(delivery)) >= MaxAttempts)
        {
            return delivery with { Attempts = attempts, Status = DeliveryStatus.Failed, NextAttemptAt = null };
        }
        return delivery with { Attempts = attempts, Status = DeliveryStatus.Pending, NextAttemptAt = attempt.At + Delay(attempts.Count, jitter) };
    }

    /// <summary>
    /// Backoff before retry number <paramref name="failures"/>: base × 2^(n−1), capped, spread by ±20 %
    /// (<paramref name="jitter"/> in [0, 1)) so many failing deliveries do not retry in step.
    /// </summary>
    public TimeSpan Delay(int failures, double jitter)
    {
        var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 30));
        var capped = Math.Min(exponential, MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + 0.4 * jitter));
    }

    /// <summary>Sends a delivery again now, with a fresh set of attempts (earlier ones stay in the log).</summary>
    public static DeliveryState Redeliver(DeliveryState delivery, DateTimeOffset now)
        => delivery with { Status = DeliveryStatus.Pending, NextAttemptAt = now, DeliveredAt = null, RedeliveredAt = now };

    private static DateTimeOffset LastRestart(DeliveryState delivery) => delivery.RedeliveredAt ?? DateTimeOffset.MinValue;
}
