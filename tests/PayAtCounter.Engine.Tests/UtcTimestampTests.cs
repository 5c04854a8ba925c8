using System.Globalization;
using System.Text.Json;
using PayAtCounter.Contracts;

namespace PayAtCounter.Engine.Tests;

/// <summary>Timestamps are written as Dojo writes them: UTC, a Z, and at least millisecond precision.</summary>
public sealed class UtcTimestampTests
{
    [Theory]
    [InlineData("2024-02-15T00:48:10.0000000+00:00", "2024-02-15T00:48:10.000Z")]
    [InlineData("2024-02-15T00:48:10.7560000+00:00", "2024-02-15T00:48:10.756Z")]
    [InlineData("2024-02-15T00:48:10.7561000+00:00", "2024-02-15T00:48:10.7561Z")]
    [InlineData("2024-02-15T00:48:10.0000001+00:00", "2024-02-15T00:48:10.0000001Z")]
    [InlineData("2024-02-15T01:48:10.5000000+01:00", "2024-02-15T00:48:10.500Z")]
    [InlineData("0001-01-01T00:00:00.0000000+00:00", "0001-01-01T00:00:00.000Z")]
    public void Timestamps_are_utc_with_at_least_three_fraction_digits(string value, string expected)
    {
        var at = DateTimeOffset.Parse(value, CultureInfo.InvariantCulture);
        var options = new JsonSerializerOptions { Converters = { new UtcTimestampConverter() } };

        Assert.Equal(expected, UtcTimestampConverter.Format(at));
        Assert.Equal($"\"{expected}\"", JsonSerializer.Serialize(at, options));
        Assert.Equal(at, JsonSerializer.Deserialize<DateTimeOffset>($"\"{expected}\"", options));
    }
}
