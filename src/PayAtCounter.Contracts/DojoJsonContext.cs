using System.Text.Json;
using System.Text.Json.Serialization;

namespace PayAtCounter.Contracts;

/// <summary>
/// Source-generated JSON metadata for every wire model, with Dojo's conventions: camelCase names,
/// case-insensitive reading, absent values omitted rather than written as null, enums as exact strings.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(PaymentIntent))]
[JsonSerializable(typeof(CreatePaymentIntentRequest))]
[JsonSerializable(typeof(SetAmountRequest))]
[JsonSerializable(typeof(SetTipsAmountRequest))]
[JsonSerializable(typeof(CreateCaptureRequest))]
[JsonSerializable(typeof(CreateRefundRequest))]
[JsonSerializable(typeof(SendEmailReceiptRequest))]
[JsonSerializable(typeof(SearchPaymentIntentRequest))]
[JsonSerializable(typeof(PagedPaymentIntent))]
[JsonSerializable(typeof(Capture))]
[JsonSerializable(typeof(Refund))]
[JsonSerializable(typeof(Reversal))]
[JsonSerializable(typeof(Terminal))]
[JsonSerializable(typeof(List<Terminal>))]
[JsonSerializable(typeof(TerminalSession))]
[JsonSerializable(typeof(CreateTerminalSessionRequest))]
[JsonSerializable(typeof(SignatureVerificationRequest))]
[JsonSerializable(typeof(List<WebhookEvents>))]
[JsonSerializable(typeof(Subscription))]
[JsonSerializable(typeof(List<Subscription>))]
[JsonSerializable(typeof(SubscriptionRequest))]
[JsonSerializable(typeof(SubscriptionUpdateRequest))]
[JsonSerializable(typeof(SecretsResponse))]
[JsonSerializable(typeof(WebhookPayload))]
[JsonSerializable(typeof(ProblemDetailsBody))]
[JsonSerializable(typeof(TerminalProblemDetailsBody))]
[JsonSerializable(typeof(TerminalsErrorBody))]
[JsonSerializable(typeof(WebhooksErrorBody))]
public sealed partial class DojoJsonContext : JsonSerializerContext
{
}
