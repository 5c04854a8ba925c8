namespace PayAtCounter.Contracts;

/// <summary>The events of one model that can be subscribed to.</summary>
public sealed class WebhookEvents
{
    /// <summary>The model, e.g. <c>PaymentIntent</c>.</summary>
    public string Model { get; set; } = "";
    /// <summary>Event names, e.g. <c>payment_intent.status_updated</c>.</summary>
    public List<string> Events { get; set; } = [];
}

/// <summary>A webhook subscription.</summary>
public sealed class Subscription
{
    /// <summary>Id (<c>ws_…</c>).</summary>
    public string Id { get; set; } = "";
    /// <summary>Owning account.</summary>
    public string? AccountId { get; set; }
    /// <summary>Subscribed events.</summary>
    public List<string> Events { get; set; } = [];
    /// <summary>Where events are posted.</summary>
    public string Url { get; set; } = "";
    /// <summary>Description.</summary>
    public string? Description { get; set; }
    /// <summary>Signing secrets; the active one signs deliveries.</summary>
    public List<SubscriptionSecret> Secrets { get; set; } = [];
    /// <summary>Created.</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Last changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A signing secret of a subscription.</summary>
public sealed class SubscriptionSecret
{
    /// <summary>Id (<c>sc_…</c>).</summary>
    public string Id { get; set; } = "";
    /// <summary>The secret; its UTF-8 bytes are the HMAC key.</summary>
    public string Value { get; set; } = "";
    /// <summary>Created.</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Last used to sign a delivery (Dojo's examples; contract A8).</summary>
    public DateTimeOffset? LastUsedAt { get; set; }
    /// <summary>True for the secret that signs deliveries.</summary>
    public bool IsActive { get; set; }
}

/// <summary>Body of <c>POST /webhooks</c>.</summary>
public sealed class SubscriptionRequest
{
    /// <summary>Events to receive.</summary>
    public List<string>? Events { get; set; }
    /// <summary>Where to post them: https, or http on a loopback address for local development.</summary>
    public string? Url { get; set; }
    /// <summary>Description.</summary>
    public string? Description { get; set; }
}

/// <summary>Body of <c>PATCH /webhooks/{id}</c>: only the fields sent change.</summary>
public sealed class SubscriptionUpdateRequest
{
    /// <summary>New events.</summary>
    public List<string>? Events { get; set; }
    /// <summary>New URL.</summary>
    public string? Url { get; set; }
    /// <summary>New description.</summary>
    public string? Description { get; set; }
}

/// <summary>The secrets of a subscription.</summary>
public sealed class SecretsResponse
{
    /// <summary>Subscription id.</summary>
    public string Id { get; set; } = "";
    /// <summary>Secrets.</summary>
    public List<SubscriptionSecret> Secrets { get; set; } = [];
}

/// <summary>The body Dojo posts to a subscription (contract §5.1).</summary>
public sealed class WebhookPayload
{
    /// <summary>Event id (<c>evt_…</c>), the same on every retry so receivers can deduplicate.</summary>
    public string Id { get; set; } = "";
    /// <summary>Event name.</summary>
    public string Event { get; set; } = "";
    /// <summary>Account.</summary>
    public string AccountId { get; set; } = "";
    /// <summary>When it happened.</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The payment intent it concerns.</summary>
    public WebhookPayloadData Data { get; set; } = new();
}

/// <summary>The <c>data</c> of a payment-intent event.</summary>
public sealed class WebhookPayloadData
{
    /// <summary>Payment intent id.</summary>
    public string PaymentIntentId { get; set; } = "";
    /// <summary>Its status after the event.</summary>
    public PaymentIntentStatus PaymentStatus { get; set; }
    /// <summary>Its capture mode.</summary>
    public CaptureMode CaptureMode { get; set; }
}
