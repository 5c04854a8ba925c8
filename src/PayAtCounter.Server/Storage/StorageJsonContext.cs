using System.Text.Json;
using System.Text.Json.Serialization;
using PayAtCounter.Contracts;
using PayAtCounter.Engine.PaymentIntents;
using PayAtCounter.Engine.TerminalSessions;
using PayAtCounter.Engine.Terminals;
using PayAtCounter.Engine.Webhooks;

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
[JsonSerializable(typeof(SubscriptionState))]
[JsonSerializable(typeof(DeliveryState))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class StorageJsonContext : JsonSerializerContext
{
}

