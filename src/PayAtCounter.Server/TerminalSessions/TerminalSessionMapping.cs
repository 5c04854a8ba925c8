using PayAtCounter.Contracts;
using PayAtCounter.Engine.TerminalSessions;
using PayAtCounter.Server.PaymentIntents;
using PayAtCounter.Server.Versioning;

namespace PayAtCounter.Server.TerminalSessions;

/// <summary>Maps sessions to Dojo's <c>TerminalSession</c> and to an intent's session history.</summary>
public static class TerminalSessionMapping
{
    /// <summary>The wire model.</summary>
    public static TerminalSession ToWire(TerminalSessionState session, DojoVersion version)
    {
        // Payment details and receipts appear once the card has been processed (contract A1, A17).
        var processed = session.IsFinal || session.Status == TerminalSessionStatus.SignatureVerificationAccepted;
        return new TerminalSession
        {
            TerminalId = session.TerminalId,
            CreatedAt = session.CreatedAt,
            UpdatedAt = session.UpdatedAt,
            Id = session.Id,
            Status = session.Status,
            ExpireAt = session.ExpireAt,
            NotificationEvents = [.. session.NotificationEvents],
            StatusEvents = [.. session.StatusEvents],
            Details = session.Details,
            PaymentDetails = processed ? PaymentIntentMapping.PaymentDetailsFor(session.PaymentDetails, version) : null,
            CustomerReceipt = processed ? session.CustomerReceipt : null,
            MerchantReceipt = processed ? session.MerchantReceipt : null,
        };
    }

    /// <summary>An item of a payment intent's <c>terminalSessionHistory</c>.</summary>
    public static TerminalSessionHistoryResponse ToHistory(TerminalSessionState session) => new()
    {
        TerminalSession = new TerminalSessionResponse
        {
            TerminalId = session.TerminalId,
            Id = session.Id,
            Status = session.Status,
            ExpireAt = session.ExpireAt,
            CreatedAt = session.CreatedAt,
            UpdatedAt = session.UpdatedAt,
            NotificationEvents = [.. session.NotificationEvents],
            StatusEvents = [.. session.StatusEvents],
            Details = session.Details,
        },
        Payment = session.PaymentDetails is { Card: { } card } details && session.IsFinal
            ? new TerminalSessionPaymentResponse
            {
                TransactionDateTime = details.TransactionDateTime,
                CardNumber = card.CardNumber,
                ExpiryDate = card.ExpiryDate,
                CardType = card.CardType,
                AuthGatewayTransactionId = details.TransactionId,
                CardHolderName = card.CardName,
                EntryMode = card.EntryMode,
                VerificationMode = card.VerificationMethod,
            }
            : null,
    };
}
