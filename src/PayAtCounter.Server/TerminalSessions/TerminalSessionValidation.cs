using PayAtCounter.Contracts;
using PayAtCounter.Engine.TerminalSessions;
using PayAtCounter.Server.Errors;

namespace PayAtCounter.Server.TerminalSessions;

/// <summary>Checks a create-session request (rules 36–37).</summary>
public static class TerminalSessionValidation
{
    /// <summary>The validated command, or the 400.</summary>
    public static (NewTerminalSession? Command, ApiError? Error) Create(CreateTerminalSessionRequest request)
    {
        var errors = new FieldErrors();
        errors.Required("TerminalId", request.TerminalId);
        var details = request.Details;
        if (!errors.Required("Details", details))
        {
            return (null, errors.ToError());
        }
        if (!errors.Required("Details.SessionType", details!.SessionType))
        {
            return (null, errors.ToError());
        }
        var type = details.SessionType!.Value;
        var given = new[] { (TerminalSessionType.Sale, details.Sale is not null), (TerminalSessionType.MatchedRefund, details.MatchedRefund is not null), (TerminalSessionType.UnlinkedRefund, details.UnlinkedRefund is not null) }
            .Where(g => g.Item2).Select(g => g.Item1).ToList();
        if (given.Count != 1 || given[0] != type)
        {
            errors.Add("Details", $"Exactly one of sale, matchedRefund or unlinkedRefund must be given, and it must match sessionType '{type}'.");
            return (null, errors.ToError());
        }
        string? paymentIntentId = null;
        Money? amount = null;
        var cardholderNotPresent = false;
        switch (type)
        {
            case TerminalSessionType.Sale:
                errors.Required("Details.Sale.PaymentIntentId", details.Sale!.PaymentIntentId);
                paymentIntentId = details.Sale.PaymentIntentId;
                break;
            case TerminalSessionType.MatchedRefund:
                errors.Required("Details.MatchedRefund.PaymentIntentId", details.MatchedRefund!.PaymentIntentId);
                errors.Money("Details.MatchedRefund.Amount", details.MatchedRefund.Amount, required: false, mustBePositive: true);
                paymentIntentId = details.MatchedRefund.PaymentIntentId;
                amount = details.MatchedRefund.Amount;
                break;
            default:
                errors.Money("Details.UnlinkedRefund.Amount", details.UnlinkedRefund!.Amount, required: true, mustBePositive: true);
                amount = details.UnlinkedRefund.Amount;
                cardholderNotPresent = details.UnlinkedRefund.CardholderNotPresent ?? false;
                break;
        }
        return errors.ToError() is { } error
            ? (null, error)
            : (new NewTerminalSession(request.TerminalId!, type, details, paymentIntentId, amount, cardholderNotPresent), null);
    }
}
