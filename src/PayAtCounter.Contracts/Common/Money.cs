namespace PayAtCounter.Contracts;

/// <summary>An amount in minor units with its currency, e.g. <c>{"value":1000,"currencyCode":"GBP"}</c> is £10.00.</summary>
public sealed class Money
{
    /// <summary>Creates an empty amount (for deserialization).</summary>
    public Money()
    {
    }

    /// <summary>Creates an amount.</summary>
    public Money(long value, string currencyCode)
    {
        Value = value;
        CurrencyCode = currencyCode;
    }

    /// <summary>The amount in minor units (pence, cents); required on the wire, as the schema says.</summary>
    [System.Text.Json.Serialization.JsonRequired]
    public long Value { get; set; }

    /// <summary>ISO currency code: <c>GBP</c> or <c>EUR</c>.</summary>
    public string CurrencyCode { get; set; } = "";
}
