using PayAtCounter.Contracts;
using PayAtCounter.Engine.Ids;

namespace PayAtCounter.Engine.PaymentIntents;

/// <summary>
/// Every change a payment intent can go through, as pure functions of (state, command, now). Each
/// encodes the "allowed operations by status" table of contract §7.15.
/// </summary>
public static class PaymentIntentCommands
{
    /// <summary>How long an unauthorized intent lives when the request sets no <c>expireAt</c>.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(30);

    /// <summary>Creates an intent (rules 6–8, 11, 12, 20).</summary>
    public static PaymentIntentChange Create(NewPaymentIntent command, string accountId, bool sandbox, DateTimeOffset now, IdGenerator ids)
    {
        var request = command.Request;
        var amount = MoneyMath.Normalize(request.Amount!);
        var captureMode = request.CaptureMode ?? CaptureMode.Auto;
        var state = new PaymentIntentState
        {
            Id = ids.PaymentIntentId(sandbox),
            AccountId = accountId,
            CaptureMode = captureMode,
            Status = PaymentIntentStatus.Created,
            Amount = amount,
            RequestedAmount = amount,
            TipsAmount = Normalize(request.TipsAmount),
            CashbackAmount = Normalize(request.CashbackAmount),
            ServiceChargeAmount = Normalize(request.ServiceChargeAmount),
            Reference = request.Reference!,
            Description = request.Description,
            CardHolderNotPresent = request.CardHolderNotPresent ?? false,
            CreatedAt = now,
            UpdatedAt = now,
            ExpireAt = request.ExpireAt ?? now + DefaultLifetime,
            AutoExpireIn = command.AutoExpireIn,
            // Contract A11: a Manual intent without an action is released, the safe default.
            AutoExpireAction = request.AutoExpireAction ?? (captureMode == CaptureMode.Manual ? AutoExpireAction.Release : null),
            Extras = new PaymentIntentExtras
            {
                Customer = request.Customer is { } c ? new Customer { Id = c.Id, EmailAddress = c.EmailAddress, PhoneNumber = c.PhoneNumber } : null,
                BillingAddress = request.BillingAddress,
                ShippingDetails = request.ShippingDetails,
                Config = request.Config,
                RequestSecurity = request.RequestSecurity,
                ItemLines = request.ItemLines ?? [],
                TaxLines = request.TaxLines ?? [],
                PaymentMethods = request.PaymentMethods is { Count: > 0 } methods ? methods : [PaymentMethod.Card],
                ActionLink = request.ActionLink,
                Metadata = request.Metadata,
                SetupIntentId = request.SetupIntentId,
                OrderDetails = request.OrderDetails,
            },
        };
        return new PaymentIntentChange(state, [Event(PaymentIntentEvent.Created, state)]);
    }

    /// <summary>Cancels an intent that is still <c>Created</c> (rule 16).</summary>
    public static Outcome<PaymentIntentChange> Cancel(PaymentIntentState state, DateTimeOffset now)
    {
        if (SessionInProgress(state) is { } busy)
        {
            return busy;
        }
        if (state.Status != PaymentIntentStatus.Created)
        {
            return StatusForbids(state);
        }
        return Changed(state, state with
        {
            Status = PaymentIntentStatus.Canceled,
            UpdatedAt = now,
            PaymentEvents = [.. state.PaymentEvents, PaymentEvent(PaymentEventType.Canceled, state.PaymentDetails)],
        });
    }

    /// <summary>Changes the amount of a <c>Created</c> or <c>Authorized</c> intent (rules 21–25).</summary>
    public static Outcome<PaymentIntentChange> ChangeAmount(PaymentIntentState state, Money amount, IReadOnlyList<ItemLine>? itemLines, IReadOnlyList<TaxLine>? taxLines, DateTimeOffset now)
    {
        if (SessionInProgress(state) is { } busy)
        {
            return busy;
        }
        if (state.Status is not (PaymentIntentStatus.Created or PaymentIntentStatus.Authorized))
        {
            return StatusForbids(state);
        }
        if (CurrencyMismatch(state, amount, "Amount.CurrencyCode") is { } mismatch)
        {
            return mismatch;
        }
        return Changed(state, state with
        {
            Amount = MoneyMath.Normalize(amount),
            Extras = state.Extras with
            {
                ItemLines = itemLines ?? state.Extras.ItemLines,
                TaxLines = taxLines ?? state.Extras.TaxLines,
            },
            UpdatedAt = now,
        });
    }

    /// <summary>Sets the tip of a <c>Created</c> or <c>Authorized</c> intent (rule 32).</summary>
    public static Outcome<PaymentIntentChange> SetTips(PaymentIntentState state, Money tips, DateTimeOffset now)
    {
        if (SessionInProgress(state) is { } busy)
        {
            return busy;
        }
        if (state.Status is not (PaymentIntentStatus.Created or PaymentIntentStatus.Authorized))
        {
            return StatusForbids(state);
        }
        if (CurrencyMismatch(state, tips, "TipsAmount.CurrencyCode") is { } mismatch)
        {
            return mismatch;
        }
        return Changed(state, state with { TipsAmount = MoneyMath.Normalize(tips), UpdatedAt = now });
    }

    /// <summary>
    /// Captures an <c>Authorized</c> intent, fully or partly (rules 27–29). The first capture finalizes
    /// it and releases the rest (contract A14), so a second capture is a conflict.
    /// </summary>
    public static Outcome<PaymentIntentChange<CaptureResult>> Capture(PaymentIntentState state, long amount, long? tipsAmount, DateTimeOffset now, IdGenerator ids)
    {
        if (state.Status != PaymentIntentStatus.Authorized)
        {
            return DomainError.Conflict(StatusForbidsMessage(state));
        }
        var authorized = state.TotalAmount.Value;
        if (amount > authorized)
        {
            return DomainError.Invalid($"The capture amount {amount} is higher than the authorized amount {authorized}.", "Amount");
        }
        var capture = new CaptureDetails
        {
            Id = ids.CaptureId(),
            Amount = amount,
            TipsAmount = tipsAmount,
            Status = CaptureStatus.Successful,
            CreatedAt = now,
        };
        var captured = Captured(state, amount + (tipsAmount ?? 0), now) with { Captures = [.. state.Captures, capture] };
        var change = Changed(state, captured);
        return new PaymentIntentChange<CaptureResult>(change.State, change.Events, new CaptureResult(capture.Id, $"collect payment for the order {state.Reference}"));
    }

    /// <summary>
    /// Refunds part or all of a <c>Captured</c> intent (rules 60–61). A full refund makes it <c>Refunded</c>;
    /// a partial one keeps it <c>Captured</c> with a larger <c>refundedAmount</c>.
    /// </summary>
    public static Outcome<PaymentIntentChange<RefundRecord>> Refund(PaymentIntentState state, CreateRefundRequest request, string idempotencyKey, DateTimeOffset now, IdGenerator ids)
    {
        if (SessionInProgress(state) is { } busy)
        {
            return busy;
        }
        if (state.Status != PaymentIntentStatus.Captured)
        {
            return StatusForbids(state);
        }
        var amount = request.Amount!.Value;
        var remaining = state.CapturedAmount - state.RefundedAmount;
        if (amount > remaining)
        {
            return DomainError.Invalid($"The refund amount {amount} is higher than the amount left to refund, {remaining}.", "Amount");
        }
        var refunded = state.RefundedAmount + amount;
        var next = state with
        {
            RefundedAmount = refunded,
            Status = refunded == state.CapturedAmount ? PaymentIntentStatus.Refunded : PaymentIntentStatus.Captured,
            UpdatedAt = now,
            PaymentEvents = [.. state.PaymentEvents, PaymentEvent(PaymentEventType.Refunded, state.PaymentDetails)],
        };
        var refund = new RefundRecord(
            ids.RefundId(), state.Id, state.AccountId, amount, request.RefundReason, request.Notes, request.PreviousTransactionId,
            idempotencyKey, $"refund for the order {state.Reference}", now);
        var change = Changed(state, next);
        return new PaymentIntentChange<RefundRecord>(change.State, change.Events, refund);
    }

    /// <summary>Reverses an <c>Authorized</c> or <c>Captured</c> intent (rule 66).</summary>
    public static Outcome<PaymentIntentChange<ReversalResult>> Reverse(PaymentIntentState state, DateTimeOffset now, IdGenerator ids)
    {
        if (SessionInProgress(state) is { } busy)
        {
            return DomainError.Conflict(busy.Message);
        }
        if (state.Status is not (PaymentIntentStatus.Authorized or PaymentIntentStatus.Captured))
        {
            return DomainError.Conflict(StatusForbidsMessage(state));
        }
        var change = Changed(state, Reversed(state, now));
        return new PaymentIntentChange<ReversalResult>(change.State, change.Events, new ReversalResult(ids.ReversalId(), $"reversal for the order {state.Reference}"));
    }

    /// <summary>
    /// Records a card payment on a <c>Created</c> intent: approved, an Auto intent is captured and a
    /// Manual one authorized; declined, the intent stays <c>Created</c> and reusable with a Declined event.
    /// </summary>
    public static Outcome<PaymentIntentChange> RecordCardPayment(PaymentIntentState state, CardPayment payment, DateTimeOffset now)
    {
        if (SessionInProgress(state) is { } busy)
        {
            return busy;
        }
        if (state.Status != PaymentIntentStatus.Created)
        {
            return StatusForbids(state);
        }
        var at = UtcTimestampConverter.Format(now);
        var details = new PaymentDetails
        {
            TransactionId = payment.TransactionId,
            TransactionDateTime = at,
            Message = payment.Approved ? (state.CaptureMode == CaptureMode.Auto ? "DEPOSITED" : "AUTHORISED") : "DECLINED",
            PaymentMethodId = "",
            AuthCode = payment.Approved ? payment.AuthCode : "",
            Card = payment.Card,
            // The sandbox's address check passes whenever there is an address to check.
            AvsResult = payment.Approved && state.Extras.BillingAddress is not null ? "ADDRESS_MATCH_POSTCODE_MATCH" : null,
        };
        if (!payment.Approved)
        {
            return Changed(state, state with
            {
                UpdatedAt = now,
                PaymentEvents = [.. state.PaymentEvents, PaymentEvent(PaymentEventType.Declined, details)],
            });
        }
        var paid = state with { PaymentDetails = details, AuthorizedAt = now };
        var next = state.CaptureMode == CaptureMode.Auto
            ? Captured(paid, state.TotalAmount.Value, now)
            : paid with
            {
                Status = PaymentIntentStatus.Authorized,
                UpdatedAt = now,
                PaymentEvents = [.. state.PaymentEvents, PaymentEvent(PaymentEventType.Authorized, details)],
            };
        return Changed(state, next);
    }

    /// <summary>
    /// Applies what is due at <paramref name="now"/>: voids a <c>Created</c> intent past its <c>expireAt</c>
    /// (rule 14) and captures or releases an <c>Authorized</c> one whose <c>autoExpireIn</c> has elapsed
    /// (rule 13). Returns null when nothing is due.
    /// </summary>
    public static PaymentIntentChange? RunDue(PaymentIntentState state, DateTimeOffset now)
    {
        if (state.NextDueAt is not { } due || due > now)
        {
            return null;
        }
        var next = state.Status switch
        {
            PaymentIntentStatus.Created => state with
            {
                Status = PaymentIntentStatus.Canceled,
                UpdatedAt = now,
                PaymentEvents = [.. state.PaymentEvents, PaymentEvent(PaymentEventType.Canceled, state.PaymentDetails)],
            },
            _ when state.AutoExpireAction == AutoExpireAction.Capture => Captured(state, state.TotalAmount.Value, now),
            _ => Reversed(state, now),
        };
        return Changed(state, next);
    }

    /// <summary>
    /// Links a new terminal session to the intent (rule 39): a sale needs a <c>Created</c> intent, a matched
    /// refund a <c>Captured</c> one, and neither may have another session in progress (contract A38).
    /// </summary>
    public static Outcome<PaymentIntentState> AttachSession(PaymentIntentState state, string sessionId, TerminalSessionType type)
    {
        if (SessionInProgress(state) is { } busy)
        {
            return busy;
        }
        var needed = type == TerminalSessionType.Sale ? PaymentIntentStatus.Created : PaymentIntentStatus.Captured;
        if (state.Status != needed)
        {
            return StatusForbids(state);
        }
        return state with { LiveTerminalSessionId = sessionId };
    }

    /// <summary>Unlinks a finished session so the intent can be used again.</summary>
    public static PaymentIntentState DetachSession(PaymentIntentState state, string sessionId)
        => state.LiveTerminalSessionId == sessionId ? state with { LiveTerminalSessionId = null } : state;

    /// <summary>The message the guides give when a status forbids a change (contract A13).</summary>
    public static string StatusForbidsMessage(PaymentIntentState state)
        => $"Invalid request for payment with id {state.Id}. The status {state.Status} does not allow this change.";

    private static DomainError StatusForbids(PaymentIntentState state) => DomainError.Invalid(StatusForbidsMessage(state));

    private static DomainError? SessionInProgress(PaymentIntentState state)
        => state.LiveTerminalSessionId is { } live
            ? DomainError.Invalid($"Payment intent {state.Id} has terminal session {live} in progress; wait for it to finish or cancel it.")
            : null;

    private static DomainError? CurrencyMismatch(PaymentIntentState state, Money money, string field)
        => string.Equals(money.CurrencyCode, state.Amount.CurrencyCode, StringComparison.OrdinalIgnoreCase)
            ? null
            : DomainError.Invalid($"The currency must be {state.Amount.CurrencyCode}, the currency of the payment intent.", field);

    private static PaymentIntentState Captured(PaymentIntentState state, long capturedAmount, DateTimeOffset now)
    {
        var details = state.PaymentDetails is { } d
            ? new PaymentDetails
            {
                TransactionId = d.TransactionId,
                TransactionDateTime = d.TransactionDateTime,
                Message = "DEPOSITED",
                PaymentMethodId = d.PaymentMethodId,
                AuthCode = d.AuthCode,
                Card = d.Card,
                AvsResult = d.AvsResult,
            }
            : null;
        return state with
        {
            Status = PaymentIntentStatus.Captured,
            CapturedAmount = capturedAmount,
            PaymentDetails = details,
            UpdatedAt = now,
            PaymentEvents = [.. state.PaymentEvents, PaymentEvent(PaymentEventType.Captured, details)],
        };
    }

    private static PaymentIntentState Reversed(PaymentIntentState state, DateTimeOffset now) => state with
    {
        Status = PaymentIntentStatus.Reversed,
        UpdatedAt = now,
        PaymentEvents = [.. state.PaymentEvents, PaymentEvent(PaymentEventType.Reversed, state.PaymentDetails)],
    };

    private static PaymentStatusResponse PaymentEvent(PaymentEventType type, PaymentDetails? details) => new()
    {
        EventType = type,
        TransactionId = details?.TransactionId,
        TransactionDateTime = details?.TransactionDateTime,
        AuthCode = details?.AuthCode,
        CardNumber = details?.Card?.CardNumber,
        ExpiryDate = details?.Card?.ExpiryDate,
        CardType = details?.Card?.CardType,
        CardholderName = details?.Card?.CardName,
        PaymentMethodId = details?.PaymentMethodId,
    };

    private static PaymentIntentChange Changed(PaymentIntentState before, PaymentIntentState after)
        => new(after, [Event(before.Status == after.Status ? PaymentIntentEvent.Updated : PaymentIntentEvent.StatusUpdated, after)]);

    private static PaymentIntentEvent Event(string type, PaymentIntentState state)
        => new(type, state.Id, state.Status, state.CaptureMode, state.UpdatedAt);

    private static Money? Normalize(Money? money) => money is null ? null : MoneyMath.Normalize(money);
}
