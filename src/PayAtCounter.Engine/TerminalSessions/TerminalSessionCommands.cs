using PayAtCounter.Contracts;
using PayAtCounter.Engine.PaymentIntents;
using PayAtCounter.Engine.Terminals;

namespace PayAtCounter.Engine.TerminalSessions;

/// <summary>
/// The terminal-session state machine (contract §7.4–7.9, §7.15, §7.16) as pure functions of the
/// world and the time. Scripted steps carry the time they were due, so a late scheduler does not
/// shift the timeline; every final state releases the terminal and the intent.
/// </summary>
public static class TerminalSessionCommands
{
    /// <summary>Starts a session on a terminal (rules 34–40).</summary>
    public static Outcome<SessionWorldChange> Create(NewTerminalSession request, TerminalState terminal, PaymentIntentState? intent, bool sandbox, Simulation sim)
    {
        if (terminal.Offline)
        {
            return DomainError.Unavailable($"Terminal {terminal.Id} is unavailable: it is offline.");
        }
        if (terminal.Status != TerminalStatus.Available)
        {
            return DomainError.Unavailable($"Terminal {terminal.Id} is unavailable: PDQ not available (in use or in its menu).");
        }
        // Whatever was due on the intent (voiding, auto-capture) happens before the session looks at it.
        IReadOnlyList<PaymentIntentEvent> dueEvents = [];
        if (intent is not null && PaymentIntentCommands.RunDue(intent, sim.Now) is { } due)
        {
            (intent, dueEvents) = (due.State, due.Events);
        }
        var id = sim.Ids.TerminalSessionId(sandbox);
        Money amount;
        long gratuity = 0, cashback = 0;
        CaptureMode? captureMode = null;
        var cardholderNotPresent = request.CardholderNotPresent;
        if (request.Type == TerminalSessionType.UnlinkedRefund)
        {
            amount = MoneyMath.Normalize(request.Amount!);
        }
        else
        {
            if (intent is null)
            {
                return DomainError.NotFound($"No payment intent with id {request.PaymentIntentId}.");
            }
            var attached = PaymentIntentCommands.AttachSession(intent, id, request.Type);
            if (!attached.Succeeded)
            {
                return attached.Error!;
            }
            intent = attached.Value!;
            if (request.Type == TerminalSessionType.Sale)
            {
                amount = intent.TotalAmount;
                gratuity = intent.TipsAmount?.Value ?? 0;
                cashback = intent.CashbackAmount?.Value ?? 0;
                captureMode = intent.CaptureMode;
                cardholderNotPresent = intent.CardHolderNotPresent;
            }
            else
            {
                var remaining = intent.CapturedAmount - intent.RefundedAmount;
                amount = request.Amount is { } requested ? MoneyMath.Normalize(requested) : new Money(remaining, intent.Amount.CurrencyCode);
                if (amount.CurrencyCode != intent.Amount.CurrencyCode)
                {
                    return DomainError.Invalid($"The refund currency must be {intent.Amount.CurrencyCode}, the currency of the payment intent.", "Details.MatchedRefund.Amount.CurrencyCode");
                }
                if (amount.Value > remaining)
                {
                    return DomainError.Invalid($"The refund amount {amount.Value} is higher than the amount left to refund, {remaining}.", "Details.MatchedRefund.Amount.Value");
                }
            }
        }
        var now = sim.Now;
        var session = new TerminalSessionState
        {
            Id = id,
            AccountId = terminal.AccountId,
            TerminalId = terminal.Id,
            Tid = terminal.Tid,
            Type = request.Type,
            Details = request.Details,
            PaymentIntentId = request.PaymentIntentId,
            Amount = amount,
            Gratuity = gratuity,
            Cashback = cashback,
            CaptureMode = captureMode,
            CardholderNotPresent = cardholderNotPresent,
            Interactive = terminal.Mode == TerminalMode.Interactive,
            Outcome = terminal.NextSession?.Outcome ?? TerminalBehaviours.ScriptedOutcome(terminal.Tid, request.Type),
            CardAfter = terminal.NextSession?.CardAfter,
            DisconnectAfterCard = terminal.NextSession?.DisconnectAfterCard ?? false,
            WrongPins = terminal.NextSession?.WrongPins ?? 0,
            OutcomePlanned = terminal.NextSession?.Outcome is not null,
            Status = TerminalSessionStatus.InitiateRequested,
            CreatedAt = now,
            UpdatedAt = now,
            ExpireAt = now + SessionTimeline.InitialExpiry,
            StatusEvents = [StatusEvent(TerminalSessionStatus.InitiateRequested, now)],
            NextStep = SessionStep.Acknowledge,
            NextStepAt = now + SessionTimeline.Acknowledge,
        };
        // The plan is for one session: this one uses it up.
        var busyTerminal = (terminal with { LiveSessionId = id, NextSession = null }).Touch(terminal, now);
        return new SessionWorldChange(session, busyTerminal, intent, dueEvents);
    }

    /// <summary>Runs what is due at <paramref name="sim"/>.Now: the next step, or expiry. Null when nothing is due.</summary>
    public static SessionWorldChange? RunDue(SessionWorld world, Simulation sim)
    {
        var session = world.Session;
        if (session.IsFinal)
        {
            return null;
        }
        // A step due before the expiry runs first, so a late scheduler never expires a session that was on time.
        if (session is { NextStep: { } step, NextStepAt: { } at } && at <= sim.Now && at <= session.ExpireAt)
        {
            return Run(world, step, at, sim);
        }
        if (session.ExpireAt <= sim.Now)
        {
            return Finish(world, world.Session, TerminalSessionStatus.Expired, session.ExpireAt);
        }
        return null;
    }

    /// <summary>PUT cancel (rules 51–53, A15): only before a card is presented; otherwise 422 and nothing changes.</summary>
    public static Outcome<SessionWorldChange> Cancel(SessionWorld world, Simulation sim)
    {
        var session = world.Session;
        if (session.IsFinal || session.Status == TerminalSessionStatus.CancelRequested)
        {
            return DomainError.Unprocessable($"Session cannot be canceled: it is {session.Status}.");
        }
        if (session.CardPresented || session.Status is not (TerminalSessionStatus.InitiateRequested or TerminalSessionStatus.Initiated))
        {
            return DomainError.Unprocessable("Session cannot be canceled: a card has already been presented on the terminal.");
        }
        var confirmAt = sim.Now + SessionTimeline.Settle;
        var next = WithStatus(session, TerminalSessionStatus.CancelRequested, sim.Now) with
        {
            NextStep = SessionStep.ConfirmCancel,
            // An accepted cancel ends Canceled, even when it arrives just before expiry (rule 52).
            NextStepAt = confirmAt < session.ExpireAt ? confirmAt : session.ExpireAt,
        };
        return Unchanged(world, next);
    }

    /// <summary>PUT signature (rules 55–59, A17, A33): accepted or rejected while required; otherwise 422.</summary>
    public static Outcome<SessionWorldChange> Signature(SessionWorld world, bool accepted, Simulation sim)
    {
        if (world.Session.Status != TerminalSessionStatus.SignatureVerificationRequired)
        {
            return DomainError.Unprocessable($"The session is not awaiting a signature decision: it is {world.Session.Status}.");
        }
        return accepted ? Accept(world, sim.Now, sim) : Reject(world, sim.Now, sim);
    }

    /// <summary>Interactive: a card is presented, inserted or keyed on the terminal.</summary>
    /// <remarks>Without <paramref name="outcome"/> the card is approved, unless the terminal's plan chose an outcome.</remarks>
    public static Outcome<SessionWorldChange> PresentCard(SessionWorld world, string entryMode, CardOutcome? outcome, string? cardScheme, Simulation sim)
    {
        var session = world.Session;
        if (session.IsFinal || session.Status != TerminalSessionStatus.Initiated || session.CardPresented)
        {
            return DomainError.Conflict($"The terminal is not waiting for a card (session {session.Id} is {session.Status}).");
        }
        var mode = session.CardholderNotPresent ? "ManualEntry" : entryMode;
        var chosen = outcome ?? (session.OutcomePlanned ? session.Outcome : CardOutcome.Approve);
        return Unchanged(world, CardPresented(session with { Outcome = chosen, CardScheme = cardScheme }, mode, sim.Now));
    }

    /// <summary>Interactive: the card holder enters the PIN.</summary>
    public static Outcome<SessionWorldChange> EnterPin(SessionWorld world, Simulation sim)
    {
        var session = world.Session;
        var waiting = !session.IsFinal && session.CardPresented && session.NextStep is null
            && session.NotificationEvents.LastOrDefault()?.NotificationType == TerminalNotificationTypes.EnterPin;
        if (!waiting)
        {
            return DomainError.Conflict($"The terminal is not asking for a PIN (session {session.Id} is {session.Status}).");
        }
        return Unchanged(world, PinEntered(session, sim.Now));
    }

    /// <summary>Interactive: X pressed on the PDQ. Before a card it cancels the session (rule 54); after, it is ignored.</summary>
    public static Outcome<SessionWorldChange> PressCancel(SessionWorld world, Simulation sim)
    {
        var session = world.Session;
        if (session.IsFinal || session.CardPresented || session.Status is not (TerminalSessionStatus.InitiateRequested or TerminalSessionStatus.Initiated))
        {
            return DomainError.Conflict($"X does nothing now: session {session.Id} is {session.Status}{(session.CardPresented ? " and a card has been presented" : "")}.");
        }
        return Finish(world, session, TerminalSessionStatus.Canceled, sim.Now);
    }

    /// <summary>
    /// Sandbox trigger: the session expires now, as when Dojo loses the terminal (rule 65): unresolved, the intent
    /// left as it was. Refused once the session has ended.
    /// </summary>
    public static Outcome<SessionWorldChange> Expire(SessionWorld world, Simulation sim)
        => world.Session.IsFinal
            ? DomainError.Conflict($"Session {world.Session.Id} has already ended: it is {world.Session.Status}.")
            : Finish(world, world.Session with { ExpireAt = sim.Now }, TerminalSessionStatus.Expired, sim.Now);

    /// <summary>
    /// Sandbox trigger: the issuer will decline the card, whatever the terminal's script says. The session carries
    /// on as it was; its outcome is decided when the card is read. Refused once that has happened.
    /// </summary>
    public static Outcome<SessionWorldChange> Decline(SessionWorld world)
    {
        var session = world.Session;
        if (session.IsFinal || session.DroppedOff || session.Status is not (TerminalSessionStatus.InitiateRequested or TerminalSessionStatus.Initiated))
        {
            return DomainError.Conflict($"Session {session.Id} is past its card decision: it is {session.Status}{(session.DroppedOff ? " and its terminal has dropped off" : "")}.");
        }
        return Unchanged(world, session with { Outcome = CardOutcome.Decline, OutcomePlanned = true });
    }

    /// <summary>
    /// The terminal loses power: it goes offline and its session, unresolved, expires a few seconds later
    /// (rule 65, "battery removal").
    /// </summary>
    public static SessionWorldChange PowerOff(SessionWorld world, Simulation sim)
    {
        var terminal = (world.Terminal with { Offline = true }).Touch(world.Terminal, sim.Now);
        var session = world.Session;
        // Once the card has been read and the signature step reached, the outcome is settled between Dojo and
        // the EPOS; the terminal's power no longer matters.
        if (session.IsFinal || session.Status is TerminalSessionStatus.SignatureVerificationRequired or TerminalSessionStatus.SignatureVerificationAccepted)
        {
            return new SessionWorldChange(session, terminal, world.Intent, []);
        }
        var expireAt = sim.Now + SessionTimeline.PowerLossExpiry;
        var stranded = session with { NextStep = null, NextStepAt = null, ExpireAt = expireAt < session.ExpireAt ? expireAt : session.ExpireAt };
        return new SessionWorldChange(stranded, terminal, world.Intent, []);
    }

    private static SessionWorldChange Run(SessionWorld world, SessionStep step, DateTimeOffset at, Simulation sim)
    {
        var session = world.Session with { NextStep = null, NextStepAt = null };
        switch (step)
        {
            case SessionStep.Acknowledge:
                var initiated = WithStatus(session, TerminalSessionStatus.Initiated, at) with { ExpireAt = session.CreatedAt + SessionTimeline.SessionExpiry };
                // Keyed entry skips the Present Card screen (rule 19).
                return Unchanged(world, session.CardholderNotPresent
                    ? Schedule(initiated, SessionStep.PresentCard, at + SessionTimeline.ShowPresentCard)
                    : Schedule(initiated, SessionStep.ShowPresentCard, at + SessionTimeline.ShowPresentCard));
            case SessionStep.ShowPresentCard:
                var prompted = Notify(session, TerminalNotificationTypes.PresentCard, at);
                return Unchanged(world, session.Interactive ? prompted : Schedule(prompted, SessionStep.PresentCard, at + (session.CardAfter ?? SessionTimeline.PresentCard)));
            case SessionStep.PresentCard:
                return Unchanged(world, CardPresented(session, session.CardholderNotPresent ? "ManualEntry" : "ContactChip", at));
            case SessionStep.ShowPin:
                var pin = Notify(session, TerminalNotificationTypes.EnterPin, at);
                return Unchanged(world, session.Interactive ? pin : Schedule(pin, SessionStep.EnterPin, at + SessionTimeline.EnterPin));
            case SessionStep.EnterPin:
                return Unchanged(world, PinEntered(session, at));
            case SessionStep.RemoveCard:
                return Unchanged(world, Schedule(Notify(session, TerminalNotificationTypes.RemoveCard, at), SessionStep.Decide, at + SessionTimeline.Decide));
            case SessionStep.Decide:
                return Decide(world with { Session = session }, at, sim);
            case SessionStep.SignatureTimeout:
                // Nobody answered within 80 s: the signature is accepted (rule 58).
                return Accept(world with { Session = session }, at, sim);
            case SessionStep.CompleteAcceptance:
                return Finish(world, session, session.CaptureMode == Contracts.CaptureMode.Manual ? TerminalSessionStatus.Authorized : TerminalSessionStatus.Captured, at);
            case SessionStep.ConfirmCancel:
                return Finish(world, session, TerminalSessionStatus.Canceled, at);
            default:
                throw new ArgumentOutOfRangeException(nameof(step), step, "Unknown session step.");
        }
    }

    private static TerminalSessionState CardPresented(TerminalSessionState session, string entryMode, DateTimeOffset at)
    {
        var verification = session.Outcome == CardOutcome.Signature ? "Signature" : SandboxCards.Verification(session.Amount.Value, entryMode);
        var presented = Notify(session, TerminalNotificationTypes.PleaseWait, at) with
        {
            CardPresented = true,
            EntryMode = entryMode,
            VerificationMethod = verification,
            NextStep = null,
            NextStepAt = null,
        };
        if (session.Outcome == CardOutcome.Disconnect)
        {
            // TIP0: the terminal drops off the network; the session expires unresolved at expireAt.
            return presented;
        }
        if (verification == "Pin")
        {
            return Schedule(presented, SessionStep.ShowPin, at + SessionTimeline.ShowPin);
        }
        return entryMode == "ContactChip"
            ? Schedule(presented, SessionStep.RemoveCard, at + SessionTimeline.EnterPin + SessionTimeline.RemoveCard)
            : Schedule(presented, SessionStep.Decide, at + SessionTimeline.Decide);
    }

    private static TerminalSessionState PinEntered(TerminalSessionState session, DateTimeOffset at)
    {
        var waiting = Notify(session, TerminalNotificationTypes.PleaseWait, at);
        if (session.WrongPins > 0)
        {
            // A wrong PIN: the terminal checks it, then shows the PIN pad again.
            return Schedule(waiting with { WrongPins = session.WrongPins - 1 }, SessionStep.ShowPin, at + SessionTimeline.Decide);
        }
        return session.EntryMode == "ContactChip"
            ? Schedule(waiting, SessionStep.RemoveCard, at + SessionTimeline.RemoveCard)
            : Schedule(waiting, SessionStep.Decide, at + SessionTimeline.Decide);
    }

    private static SessionWorldChange Decide(SessionWorld world, DateTimeOffset at, Simulation sim)
    {
        var session = world.Session;
        switch (session.Outcome)
        {
            case CardOutcome.Signature:
                var deadline = at + SessionTimeline.SignatureWindow;
                var required = WithStatus(session, TerminalSessionStatus.SignatureVerificationRequired, at) with
                {
                    SignatureDeadline = deadline,
                    // The 80 s window must fit before expiry (contract A22 lets expireAt move).
                    ExpireAt = deadline + SessionTimeline.Settle + SessionTimeline.Settle > session.ExpireAt ? deadline + SessionTimeline.Settle + SessionTimeline.Settle : session.ExpireAt,
                };
                return Unchanged(world, Schedule(required, SessionStep.SignatureTimeout, deadline));
            case CardOutcome.Decline:
                return Declined(world, TerminalSessionStatus.Declined, at, sim);
            default:
                if (session.DisconnectAfterCard)
                {
                    // Approved and paid, but the terminal is gone before it can say so: the session waits, unresolved,
                    // for its expiry, and only the intent shows the payment (as with a real PDQ).
                    var paid = Approve(world, at, sim, settleNow: false);
                    return paid.Session.IsFinal
                        ? paid
                        : paid with { Session = session with { NextStep = null, NextStepAt = null, DroppedOff = true } };
                }
                var approved = session.EntryMode == "Contactless" ? Notify(session, TerminalNotificationTypes.Approved, at) : session;
                return Approve(world with { Session = approved }, at, sim, settleNow: true);
        }
    }

    private static SessionWorldChange Accept(SessionWorld world, DateTimeOffset at, Simulation sim)
    {
        // The intent is paid at acceptance, so a client that stops polling at Accepted already sees it (A17).
        var accepted = world with { Session = WithStatus(world.Session, TerminalSessionStatus.SignatureVerificationAccepted, at) with { SignatureDeadline = null } };
        var change = Approve(accepted, at, sim, settleNow: false);
        return change with { Session = Schedule(change.Session, SessionStep.CompleteAcceptance, at + SessionTimeline.Settle) };
    }

    private static SessionWorldChange Reject(SessionWorld world, DateTimeOffset at, Simulation sim)
        => Declined(world with { Session = world.Session with { NextStep = null, NextStepAt = null, SignatureDeadline = null } }, TerminalSessionStatus.SignatureVerificationRejected, at, sim);

    /// <summary>Applies an approved card to the intent (sale: paid; matched refund: refunded) with receipts.</summary>
    private static SessionWorldChange Approve(SessionWorld world, DateTimeOffset at, Simulation sim, bool settleNow)
    {
        var session = world.Session;
        var card = SandboxCards.Payment(session.Amount.Value, session.EntryMode ?? "ContactChip", approved: true, sim.Ids, session.VerificationMethod, session.CardScheme);
        var intent = world.Intent is null ? null : PaymentIntentCommands.DetachSession(world.Intent, session.Id);
        IReadOnlyList<PaymentIntentEvent> events = [];
        RefundRecord? refund = null;
        var details = Details(card, at, session.Type == TerminalSessionType.Sale ? (session.CaptureMode == Contracts.CaptureMode.Manual ? "AUTHORISED" : "DEPOSITED") : "REFUNDED");
        if (intent is not null && session.Type == TerminalSessionType.Sale)
        {
            var paid = PaymentIntentCommands.RecordCardPayment(intent, card, at);
            if (!paid.Succeeded)
            {
                // The intent can no longer be paid (say, it was reversed or voided meanwhile): never report a sale that did not happen.
                return Declined(world, TerminalSessionStatus.Declined, at, sim);
            }
            (intent, events) = (paid.Value!.State, paid.Value.Events);
            details = intent.PaymentDetails ?? details;
        }
        else if (intent is not null)
        {
            var refunded = PaymentIntentCommands.Refund(intent, new CreateRefundRequest { Amount = session.Amount.Value, RefundReason = "Terminal refund" }, session.Id, at, sim.Ids);
            if (!refunded.Succeeded)
            {
                // The intent changed since the session started (say, refunded through the API): the refund is declined.
                return Declined(world, TerminalSessionStatus.Declined, at, sim);
            }
            (intent, events, refund) = (refunded.Value!.State, refunded.Value.Events, refunded.Value.Result);
        }
        var (customer, merchant) = SessionReceipts.Build(session, details, "SUCCESSFUL", sim.MerchantName, at);
        var withCard = session with { PaymentDetails = details, CustomerReceipt = customer, MerchantReceipt = merchant, RefundId = refund?.RefundId };
        if (!settleNow)
        {
            return new SessionWorldChange(withCard, world.Terminal, intent, events, refund);
        }
        var final = session.Type == TerminalSessionType.Sale && session.CaptureMode == Contracts.CaptureMode.Manual ? TerminalSessionStatus.Authorized : TerminalSessionStatus.Captured;
        var finished = Finish(world with { Intent = intent }, withCard, final, at);
        return finished with { IntentEvents = events, Refund = refund };
    }

    private static SessionWorldChange Declined(SessionWorld world, TerminalSessionStatus status, DateTimeOffset at, Simulation sim)
    {
        var session = Notify(world.Session, TerminalNotificationTypes.Declined, at);
        var card = SandboxCards.Payment(session.Amount.Value, session.EntryMode ?? "ContactChip", approved: false, sim.Ids, session.VerificationMethod, session.CardScheme);
        var intent = world.Intent is null ? null : PaymentIntentCommands.DetachSession(world.Intent, session.Id);
        IReadOnlyList<PaymentIntentEvent> events = [];
        if (intent is not null && session.Type == TerminalSessionType.Sale)
        {
            // A declined sale leaves the intent Created and reusable, with a Declined event (rules 57, A18).
            var declined = PaymentIntentCommands.RecordCardPayment(intent, card, at);
            if (declined.Succeeded)
            {
                (intent, events) = (declined.Value!.State, declined.Value.Events);
            }
        }
        var details = Details(card, at, "DECLINED");
        var (customer, merchant) = SessionReceipts.Build(session, details, "DECLINED", sim.MerchantName, at);
        var finished = Finish(world with { Intent = intent }, session with { PaymentDetails = details, CustomerReceipt = customer, MerchantReceipt = merchant }, status, at);
        return finished with { IntentEvents = events };
    }

    /// <summary>Puts the session in a final status and frees the terminal and the intent.</summary>
    private static SessionWorldChange Finish(SessionWorld world, TerminalSessionState session, TerminalSessionStatus status, DateTimeOffset at)
    {
        var final = WithStatus(session, status, at) with { NextStep = null, NextStepAt = null, SignatureDeadline = null };
        var terminal = world.Terminal.LiveSessionId == session.Id
            ? (world.Terminal with { LiveSessionId = null }).Touch(world.Terminal, at)
            : world.Terminal;
        var intent = world.Intent is null ? null : PaymentIntentCommands.DetachSession(world.Intent, session.Id);
        return new SessionWorldChange(final, terminal, intent, []);
    }

    private static PaymentDetails Details(CardPayment card, DateTimeOffset at, string message) => new()
    {
        TransactionId = card.TransactionId,
        TransactionDateTime = UtcTimestampConverter.Format(at),
        Message = message,
        PaymentMethodId = "",
        AuthCode = card.Approved ? card.AuthCode : "",
        Card = card.Card,
    };

    private static SessionWorldChange Unchanged(SessionWorld world, TerminalSessionState session) => new(session, world.Terminal, world.Intent, []);

    private static TerminalSessionState Schedule(TerminalSessionState session, SessionStep step, DateTimeOffset at) => session with { NextStep = step, NextStepAt = at };

    private static TerminalSessionState WithStatus(TerminalSessionState session, TerminalSessionStatus status, DateTimeOffset at) => session with
    {
        Status = status,
        UpdatedAt = at,
        StatusEvents = [.. session.StatusEvents, StatusEvent(status, at)],
    };

    private static TerminalSessionState Notify(TerminalSessionState session, string type, DateTimeOffset at) => session with
    {
        NotificationEvents = [.. session.NotificationEvents, new TerminalSessionNotification { NotificationType = type, CreatedAt = at }],
    };

    private static TerminalSessionStatusEvent StatusEvent(TerminalSessionStatus status, DateTimeOffset at) => new() { Status = status, CreatedAt = at, DebugMessage = "" };
}
