using PayAtCounter.Contracts;

namespace PayAtCounter.Engine;

/// <summary>Arithmetic on <see cref="Money"/>, which the wire model keeps as a plain class.</summary>
public static class MoneyMath
{
    /// <summary>Currencies the API accepts.</summary>
    public static readonly IReadOnlySet<string> Currencies = new HashSet<string>(StringComparer.Ordinal) { "GBP", "EUR" };

    /// <summary>A copy with the currency in canonical upper case.</summary>
    public static Money Normalize(Money money) => new(money.Value, money.CurrencyCode.ToUpperInvariant());

    /// <summary>The sum of an amount and optional extras in the same currency.</summary>
    public static Money Total(Money amount, params Money?[] extras)
    {
        var value = amount.Value;
        foreach (var extra in extras)
        {
            value += extra?.Value ?? 0;
        }
        return new Money(value, amount.CurrencyCode);
    }

    /// <summary>Formats minor units as the terminal and receipts show them, e.g. <c>£10.00</c>.</summary>
    public static string Display(long minorUnits, string currencyCode)
    {
        var symbol = currencyCode == "EUR" ? "€" : "£";
        var sign = minorUnits < 0 ? "-" : "";
        var abs = Math.Abs(minorUnits);
        return $"{sign}{symbol}{abs / 100}.{abs % 100:D2}";
    }
}
