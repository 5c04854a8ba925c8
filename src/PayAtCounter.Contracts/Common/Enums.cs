using System.Text.Json.Serialization;

namespace PayAtCounter.Contracts;

// Member names are the exact wire strings of the official OpenAPI document, misspellings included.

/// <summary>How a payment intent is captured once authorized.</summary>
[JsonConverter(typeof(StrictEnumConverter<CaptureMode>))]
public enum CaptureMode
{
    /// <summary>Captured as soon as it is authorized.</summary>
    Auto,
    /// <summary>Authorized only; captured by a later capture request (pre-authorization).</summary>
    Manual,
}

/// <summary>What happens when a Manual intent's <c>autoExpireIn</c> elapses.</summary>
[JsonConverter(typeof(StrictEnumConverter<AutoExpireAction>))]
public enum AutoExpireAction
{
    /// <summary>Release the authorization (the intent becomes Reversed).</summary>
    Release,
    /// <summary>Capture the authorized amount.</summary>
    Capture,
}

/// <summary>Status of a payment intent.</summary>
[JsonConverter(typeof(StrictEnumConverter<PaymentIntentStatus>))]
public enum PaymentIntentStatus
{
    /// <summary>Created, not yet paid.</summary>
    Created,
    /// <summary>Authorized (Manual capture), awaiting capture.</summary>
    Authorized,
    /// <summary>Captured (paid); may be partially refunded.</summary>
    Captured,
    /// <summary>Reversed.</summary>
    Reversed,
    /// <summary>Fully refunded.</summary>
    Refunded,
    /// <summary>Canceled before authorization.</summary>
    Canceled,
}

/// <summary>Type of an item of <c>paymentEvents</c>.</summary>
[JsonConverter(typeof(StrictEnumConverter<PaymentEventType>))]
public enum PaymentEventType
{
    /// <summary>Created.</summary>
    Created,
    /// <summary>Authorized.</summary>
    Authorized,
    /// <summary>Captured.</summary>
    Captured,
    /// <summary>Reversed.</summary>
    Reversed,
    /// <summary>Refunded.</summary>
    Refunded,
    /// <summary>Canceled.</summary>
    Canceled,
    /// <summary>Authorization challenged.</summary>
    AuthChallenged,
    /// <summary>Declined.</summary>
    Declined,
    /// <summary>Manual authorization ready.</summary>
    ManualAuthReady,
    /// <summary>Error.</summary>
    Error,
    /// <summary>Unknown.</summary>
    Unknown,
}

/// <summary>Status of a capture.</summary>
[JsonConverter(typeof(StrictEnumConverter<CaptureStatus>))]
public enum CaptureStatus
{
    /// <summary>Created.</summary>
    Created,
    /// <summary>Successful.</summary>
    Successful,
    /// <summary>Declined.</summary>
    Declined,
    /// <summary>Failed.</summary>
    Failed,
}

/// <summary>Payment methods a customer can use.</summary>
[JsonConverter(typeof(StrictEnumConverter<PaymentMethod>))]
public enum PaymentMethod
{
    /// <summary>Card.</summary>
    Card,
    /// <summary>Wallet.</summary>
    Wallet,
    /// <summary>Saved card.</summary>
    SavedCard,
}

/// <summary>What an action link does.</summary>
[JsonConverter(typeof(StrictEnumConverter<ActionType>))]
public enum ActionType
{
    /// <summary>Open the link.</summary>
    OpenLink,
    /// <summary>Download a file.</summary>
    DownloadFile,
}
