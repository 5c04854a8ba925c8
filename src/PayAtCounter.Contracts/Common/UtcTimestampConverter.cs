using System.Globalization;
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
        => writer.WriteStringValue(Format(value));

    /// <summary>Formats a timestamp the way the API writes it.</summary>
    public static string Format(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        var text = utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture).TrimEnd('0');
        var dot = text.IndexOf('.');
        // Keep at least three fraction digits so every timestamp has the same minimum shape.
        var fraction = text.Length - dot - 1;
        return (fraction < 3 ? text + new string('0', 3 - fraction) : text) + "Z";
    }
}
