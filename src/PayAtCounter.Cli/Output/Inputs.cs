using System.Globalization;
using PayAtCounter.Cli.Hosting;

namespace PayAtCounter.Cli.Output;

/// <summary>Reads what people type: amounts in pounds and pence, durations like <c>80s</c>.</summary>
internal static class Inputs
{
    /// <summary><c>12.50</c> as 1250 minor units; at most two decimals, more than zero.</summary>
    public static long Amount(string text, string option)
    {
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value <= 0 || decimal.Round(value, 2) != value || value > 10_000_000m)
        {
            throw new PacException($"{option} '{text}' is not an amount: write it like 12.50 (more than 0, at most two decimals)");
        }
        return (long)(value * 100);
    }

    /// <summary><c>80s</c>, <c>5m</c>, <c>2h</c>, <c>30d</c>, <c>1500ms</c>, or <c>[d.]hh:mm:ss</c>.</summary>
    public static TimeSpan Duration(string text, string what)
    {
        text = text.Trim();
        var units = new (string Suffix, Func<double, TimeSpan> Make)[]
        {
            ("ms", TimeSpan.FromMilliseconds), ("s", TimeSpan.FromSeconds), ("m", TimeSpan.FromMinutes), ("h", TimeSpan.FromHours), ("d", TimeSpan.FromDays),
        };
        foreach (var (suffix, make) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
                && number >= 0 && number <= 3650 * 86400)
            {
                return make(number);
            }
        }
        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero)
        {
            return span;
        }
        throw new PacException($"{what} '{text}' is not a duration: write it like 80s, 5m, 2h, 30d or 00:01:20");
    }

    /// <summary>A duration as the API's <c>[d.]hh:mm:ss</c>.</summary>
    public static string Api(TimeSpan span) => span.ToString("c", CultureInfo.InvariantCulture);
}
