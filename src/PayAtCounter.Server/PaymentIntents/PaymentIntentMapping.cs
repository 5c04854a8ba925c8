using System.Globalization;
using PayAtCounter.Contracts;
using PayAtCounter.Engine.PaymentIntents;
using PayAtCounter.Server.Versioning;

namespace PayAtCounter.Server.PaymentIntents;

/// <summary>Maps the domain state to the wire model exactly as Dojo's examples show it.</summary>
public static class PaymentIntentMapping
{
    private static readonly MerchantConfig Merchant = new()
    {
        SupportedPaymentMethods = new SupportedPaymentMethods
        {
            CardSchemes = ["VISA", "MASTERCARD", "MAESTRO", "DISCOVER", "DCI"],
            Wallets = ["APPLE_PAY", "GOOGLE_PAY"],
        },
    };

    /// <summary>The wire model of <paramref name="state"/> for a caller of <paramref name="version"/>.</summary>
    public static PaymentIntent ToWire(PaymentIntentState state, DojoVersion version, string tradingName, List<TerminalSessionHistoryResponse> sessionHistory)
    {
        var extras = state.Extras;
        return new PaymentIntent
        {
            Id = state.Id,
            CaptureMode = state.CaptureMode,
            CardHolderNotPresent = state.CardHolderNotPresent,
            ClientSessionSecretExpirationDate = DateTimeOffset.MinValue,
            PaymentDetails = PaymentDetailsFor(state.PaymentDetails, version),
            Status = state.Status,
            PaymentMethods = [.. extras.PaymentMethods],
            Amount = state.Amount,
            TipsAmount = state.TipsAmount,
            RequestedAmount = state.RequestedAmount,
            TotalAmount = state.TotalAmount,
            RefundedAmount = state.RefundedAmount,
            Customer = extras.Customer,
            RequestSecurity = extras.RequestSecurity,
            BillingAddress = WithCountry(extras.BillingAddress),
            ShippingDetails = extras.ShippingDetails is { } shipping
                ? new ShippingDetails { Name = shipping.Name, DeliveryNotes = shipping.DeliveryNotes, Address = WithCountry(shipping.Address) }
                : null,
            CreatedAt = state.CreatedAt,
            UpdatedAt = state.UpdatedAt,
            Reference = state.Reference,
            Description = state.Description,
            SubtotalLineItems = Subtotal(state),
            ItemLines = [.. extras.ItemLines],
            TaxLines = [.. extras.TaxLines],
            ActionLink = extras.ActionLink,
            MerchantConfig = Merchant,
            Config = Config(extras.Config, tradingName),
            AutoExpireAction = state.AutoExpireAction,
            ExpireAt = state.ExpireAt,
            AutoExpireIn = state.AutoExpireIn?.ToString("c", CultureInfo.InvariantCulture),
            Metadata = extras.Metadata?.ToDictionary(),
            OrderDetails = extras.OrderDetails,
            SetupIntentId = extras.SetupIntentId,
            CashbackAmount = state.CashbackAmount,
            ServiceChargeAmount = state.ServiceChargeAmount,
            PaymentEvents = [.. state.PaymentEvents],
            PaymentSource = "api",
            PaymentLink = $"https://pay.dojo.tech/checkout/{state.Id}",
            TerminalSessionHistory = sessionHistory,
            Captures = [.. state.Captures],
        };
    }

    /// <summary>The wire model of a refund: the schema's fields plus the guides' <c>message</c> (contract A5).</summary>
    public static Refund ToWire(RefundRecord refund) => new()
    {
        PaymentIntentId = refund.PaymentIntentId,
        RefundId = refund.RefundId,
        RefundReason = refund.RefundReason,
        Notes = refund.Notes,
        Message = refund.Message,
    };

    /// <summary>Payment details as a caller of <paramref name="version"/> may see them.</summary>
    public static PaymentDetails? PaymentDetailsFor(PaymentDetails? details, DojoVersion version)
    {
        if (details is null || version.Has2025Fields || details.AvsResult is null)
        {
            return details;
        }
        // avsResult arrived with 2025-09-10; older callers' schemas forbid it (contract §6.1).
        return new PaymentDetails
        {
            TransactionId = details.TransactionId,
            TransactionDateTime = details.TransactionDateTime,
            Message = details.Message,
            PaymentMethodId = details.PaymentMethodId,
            AuthCode = details.AuthCode,
            Card = details.Card,
        };
    }

    private static PaymentIntentConfig Config(PaymentIntentConfig? requested, string tradingName) => new()
    {
        Title = requested?.Title,
        RedirectUrl = requested?.RedirectUrl,
        CancelUrl = requested?.CancelUrl,
        CustomerEmail = requested?.CustomerEmail,
        Details = requested?.Details,
        BillingAddress = requested?.BillingAddress,
        ShippingDetails = requested?.ShippingDetails,
        Payment = requested?.Payment,
        Branding = new Branding(),
        TradingName = tradingName,
    };

    // The schema requires countryCode on every address; a client that sent null gets "" back, as Dojo's examples show.
    private static Address? WithCountry(Address? address)
    {
        if (address is null || address.CountryCode is not null)
        {
            return address;
        }
        return new Address
        {
            Address1 = address.Address1, Address2 = address.Address2, Address3 = address.Address3, Address4 = address.Address4,
            City = address.City, State = address.State, Postcode = address.Postcode, CountryCode = "",
            Locality = address.Locality, County = address.County,
        };
    }

    private static Money? Subtotal(PaymentIntentState state)
    {
        var lines = state.Extras.ItemLines;
        if (lines.Count == 0)
        {
            return null;
        }
        // Modifier prices are not part of a line's amountTotal, so they are added here (negative for discounts).
        Int128 total = 0;
        foreach (var line in lines)
        {
            total += line.AmountTotal?.Value ?? 0;
            foreach (var modifier in line.Modifiers ?? [])
            {
                total += (Int128)(modifier.AmountPerModifier?.Value ?? 0) * (modifier.Quantity ?? 1);
            }
        }
        // Wider than any real bill can be; past that the subtotal is left out rather than wrapped.
        return total >= long.MinValue && total <= long.MaxValue ? new Money((long)total, state.Amount.CurrencyCode) : null;
    }
}
