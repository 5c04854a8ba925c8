using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
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
[JsonSerializable(typeof(Dictionary<string, int>))]
[JsonSerializable(typeof(PayAtCounter.Server.Scenarios.FaultRule))]
[JsonSerializable(typeof(PayAtCounter.Server.Webhooks.DeliveryRule))]
[JsonSerializable(typeof(string))]
internal sealed partial class StorageJsonContext : JsonSerializerContext
{
}

/// <summary>Domain states in and out of the JSON documents of their rows.</summary>
internal static class Documents
{
    /// <summary>The document of <paramref name="state"/>.</summary>
    public static string Write<T>(T state, JsonTypeInfo<T> type) => JsonSerializer.Serialize(state, type);

    /// <summary>The state in row <paramref name="id"/>'s document.</summary>
    public static T Read<T>(string id, string document, JsonTypeInfo<T> type)
        where T : class
        => JsonSerializer.Deserialize(document, type) ?? throw new InvalidDataException($"Row {id} has an empty document.");
}
