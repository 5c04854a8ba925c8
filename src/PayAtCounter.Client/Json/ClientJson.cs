using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using PayAtCounter.Client.Sandbox;
using PayAtCounter.Contracts;

namespace PayAtCounter.Client;

/// <summary>
/// The SDK's JSON: Dojo's wire conventions (<see cref="DojoJson"/>), made tolerant of what api.dojo.tech adds
/// later. The server reads requests strictly; a client must not break when a response carries a status or type
/// that did not exist when it was built, so every wire enum reads unknown text as an unknown value (converters in
/// the options win over the strict ones named on the types). Unknown fields are skipped, as by default.
/// </summary>
internal static class ClientJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    public static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    private static JsonSerializerOptions Create()
    {
        var options = DojoJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));
        JsonConverter[] tolerant =
        [
            new TolerantEnumConverter<CaptureMode>(), new TolerantEnumConverter<AutoExpireAction>(),
            new TolerantEnumConverter<PaymentIntentStatus>(), new TolerantEnumConverter<PaymentEventType>(),
            new TolerantEnumConverter<CaptureStatus>(), new TolerantEnumConverter<PaymentMethod>(),
            new TolerantEnumConverter<ActionType>(), new TolerantEnumConverter<TerminalStatus>(),
            new TolerantEnumConverter<TerminalSessionStatus>(), new TolerantEnumConverter<TerminalSessionType>(),
            new TolerantEnumConverter<TerminalSessionReceiptLineType>(), new TolerantEnumConverter<TerminalSessionReceiptTextSize>(),
            new TolerantEnumConverter<TerminalSessionReceiptAlign>(),
        ];
        foreach (var converter in tolerant)
        {
            options.Converters.Add(converter);
        }
        options.TypeInfoResolverChain.Add(SandboxJsonContext.Default);
        options.MakeReadOnly();
        return options;
    }
}
