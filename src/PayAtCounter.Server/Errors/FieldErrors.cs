using PayAtCounter.Contracts;
using PayAtCounter.Engine;

namespace PayAtCounter.Server.Errors;

/// <summary>
/// Collects field errors of a request body, keyed and worded as ASP.NET Core model validation does
/// (<c>"Reference": ["The Reference field is required."]</c>, contract rule 9).
/// </summary>
public sealed class FieldErrors
{
    /// <summary>The largest amount accepted, in minor units (ten billion pounds): keeps every sum far from overflow.</summary>
    public const long MaxMinorUnits = 1_000_000_000_000;

    // Made at the first error: most requests have none, and every create validates its body.
    private Dictionary<string, List<string>>? _errors;

    /// <summary>True when nothing was found wrong.</summary>
    public bool IsEmpty => _errors is null;

    /// <summary>Records an error.</summary>
    public void Add(string field, string message)
    {
        _errors ??= new(StringComparer.Ordinal);
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }
        list.Add(message);
    }

    /// <summary>The 400 response, or null when there is nothing to report.</summary>
    public ApiError? ToError()
        => _errors is null ? null : ApiError.Validation(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()), _errors.First().Value[0]);

    /// <summary>Requires a value.</summary>
    public bool Required(string field, object? value)
    {
        if (value is null || value is string s && string.IsNullOrWhiteSpace(s))
        {
            Add(field, $"The {field} field is required.");
            return false;
        }
        return true;
    }

    /// <summary>Limits a string's length.</summary>
    public void Length(string field, string? value, int max, int min = 0)
    {
        if (value is null)
        {
            return;
        }
        if (value.Length > max || value.Length < min)
        {
            Add(field, min > 0
                ? $"The field {field} must be a string with a minimum length of {min} and a maximum length of {max}."
                : $"The field {field} must be a string with a maximum length of {max}.");
        }
    }

    /// <summary>Requires an absolute http(s) URL.</summary>
    public void Url(string field, string? value)
    {
        if (value is not null && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
        {
            Add(field, $"The {field} field is not a valid fully-qualified http or https URL.");
        }
    }

    /// <summary>Checks an amount: currency GBP or EUR, value above zero or at least zero.</summary>
    public void Money(string field, Money? money, bool required, bool mustBePositive)
    {
        if (money is null)
        {
            if (required)
            {
                Add(field, $"The {field} field is required.");
            }
            return;
        }
        if (mustBePositive && money.Value <= 0)
        {
            // The guides' own wording (rule 10).
            Add($"{field}.Value", "amount must be higher than 0");
        }
        else if (money.Value < 0)
        {
            Add($"{field}.Value", $"The {field} value must not be negative.");
        }
        else if (money.Value > MaxMinorUnits)
        {
            Add($"{field}.Value", $"The {field} value must not be more than {MaxMinorUnits}.");
        }
        if (string.IsNullOrWhiteSpace(money.CurrencyCode))
        {
            Add($"{field}.CurrencyCode", $"The {field}.CurrencyCode field is required.");
        }
        else if (!MoneyMath.Currencies.Contains(money.CurrencyCode.ToUpperInvariant()))
        {
            Add($"{field}.CurrencyCode", $"The currency '{money.CurrencyCode}' is not supported; use GBP or EUR.");
        }
    }

    /// <summary>A signed amount such as a discount: a known currency and a size within bounds.</summary>
    public void SignedMoney(string field, Money money)
    {
        if (string.IsNullOrWhiteSpace(money.CurrencyCode) || !MoneyMath.Currencies.Contains(money.CurrencyCode.ToUpperInvariant()))
        {
            Add($"{field}.CurrencyCode", "Use GBP or EUR.");
        }
        if (Math.Abs((decimal)money.Value) > MaxMinorUnits)
        {
            Add($"{field}.Value", $"The {field} value must be between -{MaxMinorUnits} and {MaxMinorUnits}.");
        }
    }

    /// <summary>Requires a whole amount in minor units.</summary>
    public void MinorUnits(string field, long? value, bool required, bool mustBePositive)
    {
        if (value is null)
        {
            if (required)
            {
                Add(field, $"The {field} field is required.");
            }
            return;
        }
        if (mustBePositive ? value <= 0 : value < 0)
        {
            Add(field, mustBePositive ? "amount must be higher than 0" : $"The {field} value must not be negative.");
        }
        else if (value > MaxMinorUnits)
        {
            Add(field, $"The {field} value must not be more than {MaxMinorUnits}.");
        }
    }
}
