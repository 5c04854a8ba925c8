namespace PayAtCounter.Client.Sandbox;

/// <summary>A webhook delivery: one event to one subscription, with every attempt.</summary>
public sealed class WebhookDelivery
{
    /// <summary>Its id.</summary>
    public string Id { get; set; } = "";
    /// <summary>The event's id (the payload's <c>id</c>).</summary>
    public string EventId { get; set; } = "";
    /// <summary>The event, e.g. <c>payment_intent.status_updated</c>.</summary>
    public string EventType { get; set; } = "";
    /// <summary>The subscription.</summary>
    public string SubscriptionId { get; set; } = "";
    /// <summary>Pending, Delivered or Failed.</summary>
    public string Status { get; set; } = "";
    /// <summary>When the next attempt is due, while pending.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }
    /// <summary>Every attempt, oldest first.</summary>
    public List<WebhookDeliveryAttempt> Attempts { get; set; } = [];
    /// <summary>Created.</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>When it was delivered.</summary>
    public DateTimeOffset? DeliveredAt { get; set; }
}

/// <summary>One attempt at a delivery.</summary>
public sealed class WebhookDeliveryAttempt
{
    /// <summary>When.</summary>
    public DateTimeOffset At { get; set; }
    /// <summary>Where it was sent.</summary>
    public string Url { get; set; } = "";
    /// <summary>The receiver's status, if it answered.</summary>
    public int? StatusCode { get; set; }
    /// <summary>How long the receiver took.</summary>
    public long LatencyMs { get; set; }
    /// <summary>Why it failed, if it did not answer.</summary>
    public string? Error { get; set; }
}

/// <summary>A rule on a subscription's deliveries.</summary>
public sealed class DeliveryRuleRequest
{
    /// <summary>The subscription.</summary>
    public string? SubscriptionId { get; set; }
    /// <summary>Delay, Duplicate, Reorder or DropThenRetry.</summary>
    public string? Action { get; set; }
    /// <summary>Delay: how long each delivery waits, <c>hh:mm:ss</c>.</summary>
    public string? Delay { get; set; }
    /// <summary>Reorder: how long deliveries are held to be sent in reverse, <c>hh:mm:ss</c>.</summary>
    public string? Window { get; set; }
    /// <summary>DropThenRetry: failed attempts before one goes through.</summary>
    public int? Failures { get; set; }
    /// <summary>Deliveries it applies to; null for no limit.</summary>
    public int? Count { get; set; }
}

/// <summary>A delivery rule.</summary>
public sealed class DeliveryRule
{
    /// <summary>Its id.</summary>
    public string Id { get; set; } = "";
    /// <summary>The subscription.</summary>
    public string SubscriptionId { get; set; } = "";
    /// <summary>What it does.</summary>
    public string Action { get; set; } = "";
    /// <summary>Deliveries it was made for; null for no limit.</summary>
    public int? Count { get; set; }
    /// <summary>Deliveries it has applied to.</summary>
    public int Used { get; set; }
    /// <summary>Whether it can still apply.</summary>
    public bool Active { get; set; }
}

/// <summary>What a replay sent.</summary>
public sealed class WebhookReplay
{
    /// <summary>Events sent again.</summary>
    public int Events { get; set; }
    /// <summary>The new deliveries.</summary>
    public List<WebhookDelivery> Deliveries { get; set; } = [];
}

/// <summary>A test event emitted.</summary>
public sealed class WebhookTestEvent
{
    /// <summary>Its id.</summary>
    public string EventId { get; set; } = "";
    /// <summary>The payload sent.</summary>
    public string Payload { get; set; } = "";
}
