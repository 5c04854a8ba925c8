using System.Globalization;
using System.Net.Mail;
using PayAtCounter.Contracts;
using PayAtCounter.Engine.PaymentIntents;
using PayAtCounter.Server.Errors;
using PayAtCounter.Server.Storage;

namespace PayAtCounter.Server.PaymentIntents;

/// <summary>Checks payment-intent request bodies against the schema's limits and the contract's rules.</summary>
public static class PaymentIntentValidation
{
    private static readonly TimeSpan MinAutoExpiry = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxAutoExpiry = TimeSpan.FromDays(7);
    private const int MaxQuantity = 100_000;

    /// <summary>Validates a create request (rules 9, 10, 12) and parses its interval.</summary>
    public static (NewPaymentIntent? Command, ApiError? Error) Create(CreatePaymentIntentRequest request, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        errors.Money("Amount", request.Amount, required: true, mustBePositive: true);
        if (errors.Required("Reference", request.Reference))
        {
            errors.Length("Reference", request.Reference, 60, 1);
        }
        errors.Length("Description", request.Description, 4096);
        foreach (var (field, extra) in new[] { ("TipsAmount", request.TipsAmount), ("CashbackAmount", request.CashbackAmount), ("ServiceChargeAmount", request.ServiceChargeAmount) })
        {
            errors.Money(field, extra, required: false, mustBePositive: false);
            if (extra is not null && request.Amount is not null && !SameCurrency(extra, request.Amount))
            {
                errors.Add($"{field}.CurrencyCode", $"The {field} currency must match the Amount currency.");
            }
        }
        if (request.Customer is { } customer)
        {
            errors.Length("Customer.EmailAddress", customer.EmailAddress, 254);
            errors.Length("Customer.PhoneNumber", customer.PhoneNumber, 50);
        }
        Address(errors, "BillingAddress", request.BillingAddress);
        if (request.ShippingDetails is { } shipping)
        {
            errors.Length("ShippingDetails.Name", shipping.Name, 100);
            errors.Length("ShippingDetails.DeliveryNotes", shipping.DeliveryNotes, 1024);
            Address(errors, "ShippingDetails.Address", shipping.Address);
        }
        if (request.Config is { } config)
        {
            errors.Length("Config.Title", config.Title, 100);
            errors.Url("Config.RedirectUrl", config.RedirectUrl);
            errors.Url("Config.CancelUrl", config.CancelUrl);
        }
        if (request.RequestSecurity is { } security)
        {
            errors.Length("RequestSecurity.UserAgent", security.UserAgent, 300);
            errors.Length("RequestSecurity.IpAddress", security.IpAddress, 70);
            errors.Length("RequestSecurity.Device", security.Device, 120);
        }
        Lines(errors, request.ItemLines, request.TaxLines);
        if (request.ActionLink is { } link)
        {
            if (errors.Required("ActionLink.Url", link.Url))
            {
                errors.Url("ActionLink.Url", link.Url);
            }
            if (errors.Required("ActionLink.Label", link.Label))
            {
                errors.Length("ActionLink.Label", link.Label, 60, 1);
            }
            errors.Length("ActionLink.FileName", link.FileName, 256);
        }
        if (request.ExpireAt is { } expireAt && expireAt <= now)
        {
            errors.Add("ExpireAt", "The ExpireAt field must be in the future.");
        }
        TimeSpan? autoExpireIn = null;
        if (request.AutoExpireIn is { } text)
        {
            if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var parsed))
            {
                errors.Add("AutoExpireIn", $"'{text}' is not an interval in the form [d.]hh:mm:ss.");
            }
            else if (parsed <= MinAutoExpiry || parsed >= MaxAutoExpiry)
            {
                errors.Add("AutoExpireIn", "The AutoExpireIn interval must be more than 30 seconds and less than 7 days.");
            }
            else
            {
                autoExpireIn = parsed;
            }
        }
        return errors.ToError() is { } error ? (null, error) : (new NewPaymentIntent(request, autoExpireIn), null);
    }

    /// <summary>Validates an amount change (rule 25).</summary>
    public static ApiError? SetAmount(SetAmountRequest request)
    {
        var errors = new FieldErrors();
        errors.Money("Amount", request.Amount, required: true, mustBePositive: true);
        Lines(errors, request.ItemLines, request.TaxLines);
        return errors.ToError();
    }

    /// <summary>Validates a tips change.</summary>
    public static ApiError? SetTips(SetTipsAmountRequest request)
    {
        var errors = new FieldErrors();
        errors.Money("TipsAmount", request.TipsAmount, required: true, mustBePositive: false);
        return errors.ToError();
    }

    /// <summary>Validates a capture.</summary>
    public static ApiError? Capture(CreateCaptureRequest request)
    {
        var errors = new FieldErrors();
        errors.MinorUnits("Amount", request.Amount, required: true, mustBePositive: true);
        errors.MinorUnits("TipsAmount", request.TipsAmount, required: false, mustBePositive: false);
        return errors.ToError();
    }

    /// <summary>Validates a refund and its idempotency key.</summary>
    public static ApiError? Refund(CreateRefundRequest request, string? idempotencyKey)
    {
        var errors = new FieldErrors();
        errors.MinorUnits("Amount", request.Amount, required: true, mustBePositive: true);
        errors.Length("PreviousTransactionId", request.PreviousTransactionId, 100);
        errors.Length("RefundReason", request.RefundReason, 1024);
        errors.Length("Notes", request.Notes, 4096);
        errors.Length("idempotencyKey", idempotencyKey, 100);
        return errors.ToError();
    }

    /// <summary>Validates an email receipt request.</summary>
    public static ApiError? Receipt(SendEmailReceiptRequest request)
    {
        var errors = new FieldErrors();
        if (request.Emails is null || request.Emails.Count == 0)
        {
            errors.Add("Emails", "The Emails field is required.");
        }
        else
        {
            for (var i = 0; i < request.Emails.Count; i++)
            {
                if (!MailAddress.TryCreate(request.Emails[i], out var address) || address.Address != request.Emails[i])
                {
                    errors.Add($"Emails[{i}]", $"'{request.Emails[i]}' is not a valid email address.");
                }
            }
        }
        return errors.ToError();
    }

    /// <summary>Validates a search and turns it into a query (rule 18).</summary>
    public static (IntentQuery? Query, ApiError? Error) Search(SearchPaymentIntentRequest request)
    {
        var errors = new FieldErrors();
        var limit = request.Cursor?.Limit ?? 50;
        if (limit is < 1 or > 100)
        {
            errors.Add("Cursor.Limit", "The field Limit must be between 1 and 100.");
        }
        PageCursor? before = null, after = null;
        if (request.Cursor is { Before: not null, After: not null })
        {
            errors.Add("Cursor", "Before and After are mutually exclusive; send only one of them.");
        }
        else if (request.Cursor?.Before is { } b && (before = PageCursor.TryParse(b)) is null)
        {
            errors.Add("Cursor.Before", "The Before cursor is not one this API returned.");
        }
        else if (request.Cursor?.After is { } a && (after = PageCursor.TryParse(a)) is null)
        {
            errors.Add("Cursor.After", "The After cursor is not one this API returned.");
        }
        if (request.StartDate > request.EndDate)
        {
            errors.Add("StartDate", "The StartDate must not be later than the EndDate.");
        }
        return errors.ToError() is { } error
            ? (null, error)
            : (new IntentQuery(request.Statuses, request.StartDate, request.EndDate, limit, before, after), null);
    }

    private static void Lines(FieldErrors errors, List<ItemLine>? itemLines, List<TaxLine>? taxLines)
    {
        for (var i = 0; i < (itemLines?.Count ?? 0); i++)
        {
            var line = itemLines![i];
            var at = $"ItemLines[{i}]";
            if (line is null)
            {
                errors.Add(at, $"The {at} item must not be null.");
                continue;
            }
            errors.Money($"{at}.AmountTotal", line.AmountTotal, required: true, mustBePositive: false);
            errors.Length($"{at}.Id", line.Id, 60);
            errors.Length($"{at}.Name", line.Name, 100);
            errors.Length($"{at}.Plu", line.Plu, 200);
            for (var m = 0; m < (line.Modifiers?.Count ?? 0); m++)
            {
                var modifier = line.Modifiers![m];
                var mat = $"{at}.Modifiers[{m}]";
                errors.Required($"{mat}.Name", modifier?.Name);
                errors.Required($"{mat}.Id", modifier?.Id);
                errors.Required($"{mat}.Quantity", modifier?.Quantity);
                // A negative amount per modifier is a discount, so the sign is free; size and currency are checked.
                if (errors.Required($"{mat}.AmountPerModifier", modifier?.AmountPerModifier))
                {
                    errors.SignedMoney($"{mat}.AmountPerModifier", modifier!.AmountPerModifier!);
                }
                if (modifier?.Quantity is < 0 or > MaxQuantity)
                {
                    errors.Add($"{mat}.Quantity", $"The Quantity must be between 0 and {MaxQuantity}.");
                }
            }
        }
        for (var i = 0; i < (taxLines?.Count ?? 0); i++)
        {
            var line = taxLines![i];
            var at = $"TaxLines[{i}]";
            if (line is null)
            {
                errors.Add(at, $"The {at} item must not be null.");
                continue;
            }
            errors.Money($"{at}.AmountTotal", line.AmountTotal, required: true, mustBePositive: false);
            errors.Length($"{at}.Id", line.Id, 60);
            errors.Length($"{at}.Caption", line.Caption, 100);
            errors.Length($"{at}.SubCaption", line.SubCaption, 100);
            errors.Length($"{at}.AffectedPlu", line.AffectedPlu, 200);
        }
    }

    private static void Address(FieldErrors errors, string field, Address? address)
    {
        if (address is null)
        {
            return;
        }
        foreach (var (name, value, max) in new[]
        {
            ("Address1", address.Address1, 100), ("Address2", address.Address2, 100), ("Address3", address.Address3, 100),
            ("Address4", address.Address4, 100), ("City", address.City, 100), ("State", address.State, 100),
            ("Postcode", address.Postcode, 50), ("CountryCode", address.CountryCode, 10), ("Locality", address.Locality, 100),
            ("County", address.County, 100),
        })
        {
            errors.Length($"{field}.{name}", value, max);
        }
    }

    private static bool SameCurrency(Money a, Money b) => string.Equals(a.CurrencyCode, b.CurrencyCode, StringComparison.OrdinalIgnoreCase);

}
