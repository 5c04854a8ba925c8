using System.Text.Json;
using System.Text.Json.Serialization;

namespace PayAtCounter.Client;

/// <summary>
/// Reads an enum from its Dojo string, and a string it does not know as an unknown value that keeps the text
/// (<see cref="DojoEnum"/>), where the server's strict converter would throw. Writes the name, or the kept text.
/// </summary>
internal sealed class TolerantEnumConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string for {typeof(TEnum).Name}, found {reader.TokenType}.");
        }
        var text = reader.GetString()!;
        return EnumNames<TEnum>.ValueOf.TryGetValue(text, out var value) ? value : UnknownValues<TEnum>.For(text);
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options)
        => writer.WriteStringValue(DojoEnum.ToWireString(value));
}
