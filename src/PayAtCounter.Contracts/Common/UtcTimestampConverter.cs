using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PayAtCounter.Contracts;

/// <summary>
/// Writes timestamps as Dojo does: UTC with a <c>Z</c> and at least millisecond precision
/// (<c>2024-02-15T00:48:10.756Z</c>); reads any ISO 8601 form.
/// </summary>
public sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    /// <inheritdoc />
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        if (text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return value;
        }
        throw new JsonException($"'{text}' is not a valid date-time.");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
#if NET
        Span<byte> text = stackalloc byte[MaxLength];
        writer.WriteStringValue(text[..Format(value, text)]);
#else
        writer.WriteStringValue(Format(value));
#endif
    }

    /// <summary>Formats a timestamp the way the API writes it.</summary>
    public static string Format(DateTimeOffset value)
    {
#if NET
        Span<byte> text = stackalloc byte[MaxLength];
        return Encoding.ASCII.GetString(text[..Format(value, text)]);
#else
        // Older runtimes: the same shape from the round-trip string.
        var text = value.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        var end = text.Length - 1;
        while (end > FractionStart + 3 && text[end - 1] == '0')
        {
            end--;
        }
        return text.Substring(0, end) + "Z";
#endif
    }

    // "yyyy-MM-ddTHH:mm:ss.fffffffZ"
    private const int MaxLength = 28;
    private const int FractionStart = 20;

#if NET
    // The round-trip format of a UTC DateTime is the runtime's fast path (no format string to interpret), written
    // into a stack buffer; trailing zeros of its seven fraction digits are then dropped down to three, so every
    // timestamp has the same minimum shape.
    private static int Format(DateTimeOffset value, Span<byte> text)
    {
        value.UtcDateTime.TryFormat(text, out var written, "O", CultureInfo.InvariantCulture);
        var end = written - 1;   // the 'Z'
        while (end > FractionStart + 3 && text[end - 1] == (byte)'0')
        {
            end--;
        }
        text[end] = (byte)'Z';
        return end + 1;
    }
#endif
}
