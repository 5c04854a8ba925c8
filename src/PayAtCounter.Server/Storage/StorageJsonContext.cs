using System.Text.Json;
using System.Text.Json.Serialization;
using PayAtCounter.Contracts;
using PayAtCounter.Engine.PaymentIntents;
using PayAtCounter.Engine.TerminalSessions;
using PayAtCounter.Engine.Terminals;

namespace PayAtCounter.Server.Storage;

/// <summary>Source-generated JSON for documents kept in the database.</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(PaymentIntentState))]
[JsonSerializable(typeof(TerminalState))]
[JsonSerializable(typeof(TerminalSessionState))]
[JsonSerializable(typeof(WebhookPayload))]
internal sealed partial class StorageJsonContext : JsonSerializerContext
{
}

/// <summary>The body of a webhook delivery (contract §5.1).</summary>
internal sealed record WebhookPayload(string Id, string Event, string AccountId, DateTimeOffset CreatedAt, WebhookPayloadData Data);

/// <summary>The <c>data</c> of a payment-intent webhook.</summary>
internal sealed record WebhookPayloadData(string PaymentIntentId, PaymentIntentStatus PaymentStatus, CaptureMode CaptureMode);
