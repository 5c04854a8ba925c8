using System.Collections.Concurrent;
using System.Globalization;
using PayAtCounter.Client;
using PayAtCounter.Contracts;

namespace PayAtCounter.Till;

/// <summary>A sale as the person at the counter rings it up.</summary>
/// <param name="Basket">What is bought.</param>
/// <param name="Terminal">The terminal's id or TID; null for the till's default.</param>
/// <param name="PreAuth">Pre-authorize (Manual capture) instead of taking the money now.</param>
/// <param name="Tips">Gratuity, pence.</param>
/// <param name="Cashback">Cashback, pence.</param>
/// <param name="CardHolderNotPresent">A mail or telephone order (MOTO).</param>
public sealed record SaleRequest(Basket Basket, string? Terminal = null, bool PreAuth = false, long Tips = 0, long Cashback = 0, bool CardHolderNotPresent = false);

/// <summary>A terminal as the till offers it.</summary>
public sealed record TerminalChoice(string Id, string Tid, TerminalStatus Status)
{
    /// <summary>Whether a session can start on it now.</summary>
    public bool Available => Status == TerminalStatus.Available;
}

/// <summary>What the till tells the person when Dojo refuses a request: the message to show.</summary>
public sealed class TillException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The till's counter: every flow of Dojo's Pay at Counter checklist, on the SDK alone. It creates intents with its
/// own references, starts sessions and follows them once a second (the SDK's poll interval), reads the intent when
/// a session ends, and records each outcome in the <see cref="Journal"/> with the reason. A response lost on the way
/// is recovered by reading (the intent by its reference, the session from the intent's history) or by the refund's
/// idempotency key, never by sending the payment again.
/// </summary>
public sealed partial class Counter(DojoClient dojo, Journal journal, TimeProvider clock, TillOptions options)
{
    private readonly ConcurrentDictionary<string, Order> _orders = Restore(journal);
    // Each run of the till numbers its orders afresh; this run's mark keeps references unique across runs.
    private readonly string _run = Guid.NewGuid().ToString("N")[..4].ToUpperInvariant();
    private int _sequence;

    /// <summary>Orders of this till, newest first.</summary>
    public IReadOnlyList<Order> Orders => _orders.Values.OrderByDescending(o => o.Reference, StringComparer.Ordinal).ToList();

    /// <summary>The journal.</summary>
    public Journal Journal => journal;

    /// <summary>An order by reference.</summary>
    public Order Find(string reference) => _orders.TryGetValue(reference, out var order) ? order : throw new TillException($"No order {reference}.");

    /// <summary>The account's terminals (GET /terminals), with whether each can take a session now.</summary>
    public async Task<IReadOnlyList<TerminalChoice>> TerminalsAsync(CancellationToken cancellationToken = default)
    {
        var terminals = await CallAsync(() => dojo.Terminals.ListAsync(cancellationToken: cancellationToken));
        return terminals.Select(t => new TerminalChoice(t.Id, t.Properties.Tid, t.Status)).OrderBy(t => t.Tid, StringComparer.Ordinal).ToList();
    }

    /// <summary>Rings up a sale or pre-authorization: creates its intent and sends it to the terminal. Follow it with <see cref="FollowAsync"/>.</summary>
    public async Task<Order> SellAsync(SaleRequest sale, CancellationToken cancellationToken = default)
    {
        var order = NewOrder(sale.PreAuth ? OrderKind.PreAuth : OrderKind.Sale, sale.Basket.Total, sale.Tips, sale.Cashback, sale.CardHolderNotPresent);
        var request = new CreatePaymentIntentRequest
        {
            Amount = new Money(sale.Basket.Total, sale.Basket.Currency),
            Reference = order.Reference,
            CaptureMode = sale.PreAuth ? CaptureMode.Manual : CaptureMode.Auto,
            CardHolderNotPresent = sale.CardHolderNotPresent ? true : null,
            TipsAmount = sale.Tips > 0 ? new Money(sale.Tips, sale.Basket.Currency) : null,
            CashbackAmount = sale.Cashback > 0 ? new Money(sale.Cashback, sale.Basket.Currency) : null,
            ItemLines = sale.Basket.ItemLines(),
            TaxLines = sale.Basket.Taxes.Count > 0 ? sale.Basket.TaxLines() : null,
            Metadata = new() { ["till"] = options.PosVersion },
        };
        var intent = await CreateIntentAsync(order, request, cancellationToken);
        order.PaymentIntentId = intent.Id;
        order.IntentStatus = intent.Status;
        await StartSessionAsync(order, await TerminalIdAsync(sale.Terminal, cancellationToken), new TerminalSessionDetails
        {
            SessionType = TerminalSessionType.Sale,
            Sale = new TerminalSessionSaleDetails { PaymentIntentId = intent.Id },
        }, cancellationToken);
        return order;
    }

    /// <summary>
    /// Polls the order's session once a second until it ends, showing each status and PDQ message, and calls
    /// <paramref name="onChange"/> after each change (the page redraws; a test acts as the person at the counter).
    /// Then reads the intent and records the outcome.
    /// </summary>
    public async Task<Order> FollowAsync(Order order, Func<Order, Task>? onChange = null, CancellationToken cancellationToken = default)
    {
        if (order.TerminalSessionId is not { } sessionId)
        {
            return order;
        }
        await foreach (var update in dojo.TerminalSessions.WatchAsync(sessionId, cancellationToken))
        {
            // What the session and the PDQ said since the last poll, in the order it happened.
            order.AddMessages(update.NewStatusEvents.Select(e => (e.CreatedAt, Text: "Status: " + e.Status))
                .Concat(update.NewNotifications.Select(n => (n.CreatedAt, Text: "PDQ: " + n.NotificationType)))
                .OrderBy(m => m.CreatedAt).Select(m => m.Text));
            order.SessionStatus = update.Session.Status;
            order.Prompt = update.Session.Status == TerminalSessionStatus.SignatureVerificationRequired ? Prompt.Signature
                : order.Prompt == Prompt.Signature ? Prompt.None : order.Prompt;
            if (onChange is not null)
            {
                await onChange(order);
            }
        }
        await SettleAsync(order, cancellationToken);
        return order;
    }

    /// <summary>Answers the terminal's signature check (the customer's signature matches the card, or not).</summary>
    public async Task SignatureAsync(Order order, bool accepted, CancellationToken cancellationToken = default)
    {
        try
        {
            await dojo.TerminalSessions.RespondToSignatureAsync(Session(order), accepted, cancellationToken);
            order.Prompt = Prompt.None;
            journal.Record(order.Reference, accepted ? "signature accepted" : "signature rejected", "the person at the counter compared the signature with the card");
        }
        catch (DojoApiException ex) when ((int)ex.StatusCode == 422)
        {
            // After 80 s Dojo accepts the signature by itself; a later answer changes nothing (AS-09). Read the session
            // again so what the till shows is what happened (ERR-04).
            var session = await CallAsync(() => dojo.TerminalSessions.GetAsync(Session(order), cancellationToken));
            order.SessionStatus = session.Status;
            order.Prompt = Prompt.None;
            order.Notice = $"Too late: the terminal already decided the signature step; the session is {session.Status}.";
        }
    }

    /// <summary>Asks the terminal to cancel; refused once the card has been presented, and then the sale carries on (ERR-04).</summary>
    public async Task CancelAsync(Order order, CancellationToken cancellationToken = default)
    {
        try
        {
            await dojo.TerminalSessions.CancelAsync(Session(order), cancellationToken);
            order.Notice = "Cancel sent to the terminal.";
        }
        catch (DojoApiException ex) when ((int)ex.StatusCode == 422)
        {
            order.Notice = "The terminal can no longer cancel: the card has been presented, so the payment carries on. " + ex.Detail;
        }
    }

    /// <summary>After a decline or an unconfirmed result: a new session on the same intent (never a new intent, AS-07).</summary>
    public async Task RetryAsync(Order order, string? terminal = null, CancellationToken cancellationToken = default)
    {
        if (order.PaymentIntentId is { } intentId)
        {
            // Before asking the customer again, make sure the last attempt did not go through after all.
            var intent = await CallAsync(() => dojo.PaymentIntents.GetAsync(intentId, cancellationToken: cancellationToken));
            order.IntentStatus = intent.Status;
            if (order.Kind is OrderKind.Sale or OrderKind.PreAuth && intent.Status is PaymentIntentStatus.Captured or PaymentIntentStatus.Authorized)
            {
                Settle(order, intent.Status == PaymentIntentStatus.Captured ? "paid" : "pre-authorized", $"intent {intentId} is {intent.Status}; no retry needed");
                return;
            }
            if (order.Kind == OrderKind.MatchedRefund && (intent.RefundedAmount ?? 0) > order.Refunded)
            {
                order.Refunded = intent.RefundedAmount ?? 0;
                Settle(order, $"refunded {Pence(order.Amount)} on the terminal", $"intent {intentId} shows {Pence(order.Refunded)} refunded; no retry needed");
                return;
            }
        }
        order.Prompt = Prompt.None;
        order.Settled = false;
        var details = order.Kind switch
        {
            OrderKind.MatchedRefund => new TerminalSessionDetails { SessionType = TerminalSessionType.MatchedRefund, MatchedRefund = new() { PaymentIntentId = order.PaymentIntentId, Amount = new Money(order.Amount, "GBP") } },
            OrderKind.UnlinkedRefund => new TerminalSessionDetails { SessionType = TerminalSessionType.UnlinkedRefund, UnlinkedRefund = new() { Amount = new Money(order.Amount, "GBP") } },
            _ => new TerminalSessionDetails { SessionType = TerminalSessionType.Sale, Sale = new() { PaymentIntentId = order.PaymentIntentId } },
        };
        await StartSessionAsync(order, await TerminalIdAsync(terminal ?? order.TerminalId, cancellationToken), details, cancellationToken);
    }

    /// <summary>The till could not follow the session to its end: the person must look at the PDQ.</summary>
    public void LostTrack(Order order, string why)
    {
        order.Prompt = Prompt.Expired;
        order.Notice = "The till lost track of the terminal (" + why + "). Check the PDQ: record the result by hand, or retry.";
        journal.Record(order.Reference, "unconfirmed", "following the session failed: " + why);
    }

    /// <summary>After an unconfirmed result, the person checked the PDQ's screen: it shows the payment went through.</summary>
    public void RecordByHand(Order order)
    {
        if (order.Prompt != Prompt.Expired)
        {
            throw new TillException($"{order.Reference} has no unconfirmed result to record.");
        }
        var what = order.Kind is OrderKind.MatchedRefund or OrderKind.UnlinkedRefund ? "refunded (recorded by hand)" : "paid (recorded by hand)";
        Settle(order, what, "the session expired unconfirmed; the person at the counter read the result on the PDQ's screen");
    }

    /// <summary>Reads the order's intent again (an order from an earlier run, or after a webhook): its status, amount and refunds.</summary>
    public async Task RefreshAsync(Order order, CancellationToken cancellationToken = default)
    {
        var intent = await CallAsync(() => dojo.PaymentIntents.GetAsync(order.PaymentIntentId ?? throw new TillException($"{order.Reference} has no payment intent."), cancellationToken: cancellationToken));
        order.IntentStatus = intent.Status;
        order.Amount = intent.Amount?.Value ?? order.Amount;
        order.Refunded = intent.RefundedAmount ?? 0;
        order.Notice = $"Payment is {intent.Status}.";
    }

    /// <summary>Gives up an order whose payment never started (its terminal was unavailable, the customer left): cancels its intent (PI-05).</summary>
    public async Task AbandonAsync(Order order, CancellationToken cancellationToken = default)
    {
        var intent = await CallAsync(() => dojo.PaymentIntents.CancelAsync(order.PaymentIntentId ?? throw new TillException($"{order.Reference} has no payment intent."), cancellationToken));
        order.IntentStatus = intent.Status;
        Settle(order, "abandoned", $"intent {intent.Id} is {intent.Status}");
    }

    /// <summary>The account's recent intents (POST /payment-intents/search, PI-06), for the end-of-day check.</summary>
    public async Task<IReadOnlyList<PaymentIntent>> RecentIntentsAsync(CancellationToken cancellationToken = default)
        => (await CallAsync(() => dojo.PaymentIntents.SearchAsync(new SearchPaymentIntentRequest(), cancellationToken))).Data ?? [];

    // The orders of earlier runs, from the journal: a pre-authorization can be captured, or a sale refunded, the next day.
    private static ConcurrentDictionary<string, Order> Restore(Journal journal)
    {
        var orders = new ConcurrentDictionary<string, Order>(StringComparer.Ordinal);
        foreach (var made in journal.Entries.Where(e => e is { Order: not null, PaymentIntentId: not null, Kind: not null }))
        {
            orders[made.Order!] = new Order { Reference = made.Order!, Kind = made.Kind!.Value, Amount = made.Amount ?? 0, PaymentIntentId = made.PaymentIntentId, Notice = "From an earlier run of the till." };
        }
        // Its refunds with their keys: one asked and never answered is retried with its key, never sent anew.
        foreach (var asked in journal.Entries.Where(e => e is { Order: not null, RefundKey: not null }).GroupBy(e => e.RefundKey))
        {
            if (orders.TryGetValue(asked.First().Order!, out var order))
            {
                order.Refunds.Add(new ApiRefund(asked.Key!, asked.First().Amount ?? 0, asked.LastOrDefault(e => e.RefundId is not null)?.RefundId));
            }
        }
        return orders;
    }

    private Order NewOrder(OrderKind kind, long amount, long tips = 0, long cashback = 0, bool moto = false)
    {
        string reference;
        do
        {
            reference = string.Create(CultureInfo.InvariantCulture, $"T{clock.GetUtcNow():yyyyMMdd}-{_run}-{Interlocked.Increment(ref _sequence):0000}");
        }
        while (_orders.ContainsKey(reference));
        var order = new Order { Reference = reference, Kind = kind, Amount = amount, Tips = tips, Cashback = cashback, CardHolderNotPresent = moto };
        _orders[reference] = order;
        return order;
    }

    private static string Session(Order order) => order.TerminalSessionId ?? throw new TillException($"{order.Reference} has no terminal session.");

    private async Task<string> TerminalIdAsync(string? chosen, CancellationToken cancellationToken)
    {
        var wanted = chosen ?? options.Terminal ?? throw new TillException("Choose a terminal (or set Till:Terminal).");
        if (wanted.StartsWith("tm_", StringComparison.Ordinal))
        {
            return wanted;
        }
        // A TID typed in: find its terminal.
        var terminals = await TerminalsAsync(cancellationToken);
        return terminals.FirstOrDefault(t => t.Tid.Equals(wanted, StringComparison.OrdinalIgnoreCase) || t.Tid.EndsWith(wanted, StringComparison.OrdinalIgnoreCase))?.Id
            ?? throw new TillException($"No terminal with TID {wanted}; the account has {string.Join(", ", terminals.Select(t => t.Tid))}.");
    }

    // Creates the intent; if the answer is lost, finds it by the till's reference before creating it again.
    private async Task<PaymentIntent> CreateIntentAsync(Order order, CreatePaymentIntentRequest request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var intent = await CallAsync(() => dojo.PaymentIntents.CreateAsync(request, cancellationToken));
                journal.Record(new JournalEntry(clock.GetUtcNow(), order.Reference, $"intent {intent.Id} created", $"{order.Kind} of {Pence(order.Amount)}", intent.Id, order.Kind, order.Amount));
                return intent;
            }
            catch (TillException ex) when (ex.InnerException is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested && attempt < 3)
            {
                if (await FindByReferenceAsync(order.Reference, request.Amount!.Value, cancellationToken) is { } stored)
                {
                    journal.Record(new JournalEntry(clock.GetUtcNow(), order.Reference, $"intent {stored.Id} found",
                        "the create's answer was lost; the intent was found by the order's reference, so it was not created twice", stored.Id, order.Kind, order.Amount));
                    return stored;
                }
                journal.Record(order.Reference, "create sent again", "the create's answer was lost and no intent has the order's reference");
            }
        }
    }

    private async Task<PaymentIntent?> FindByReferenceAsync(string reference, long amount, CancellationToken cancellationToken)
    {
        var search = new SearchPaymentIntentRequest { StartDate = clock.GetUtcNow().AddDays(-1) };
        await foreach (var intent in dojo.PaymentIntents.SearchAllAsync(search, cancellationToken))
        {
            // The reference is this run's; the amount must match too, or it is not this order's intent.
            if (intent.Reference == reference && intent.Amount?.Value == amount)
            {
                return intent;
            }
        }
        return null;
    }

    // Starts a session; a terminal that is offline, in its menu or busy is shown as unavailable. A lost answer is
    // recovered from the intent's session history: a second session would ask the customer to pay twice.
    private async Task StartSessionAsync(Order order, string terminalId, TerminalSessionDetails details, CancellationToken cancellationToken)
    {
        var previous = order.TerminalSessionId;
        order.TerminalId = terminalId;
        order.TerminalSessionId = null;
        order.Prompt = Prompt.None;
        order.SessionStatus = null;
        try
        {
            var session = await CallAsync(() => dojo.TerminalSessions.CreateAsync(new CreateTerminalSessionRequest { TerminalId = terminalId, Details = details }, cancellationToken));
            Started(order, session.Id, session.Status);
        }
        catch (TillException ex) when (ex.InnerException is DojoApiException { IsTerminalUnavailable: true })
        {
            order.Prompt = Prompt.TerminalUnavailable;
            order.Notice = "The terminal is not available (offline, in its menu, or busy with another payment). Check it, then retry.";
            journal.Record(order.Reference, "terminal unavailable", ex.Message);
        }
        catch (TillException ex) when (ex.InnerException is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested && order.PaymentIntentId is { } intentId)
        {
            var intent = await CallAsync(() => dojo.PaymentIntents.GetAsync(intentId, cancellationToken: cancellationToken));
            // A session on this terminal that is not the order's earlier one is the one whose answer was lost.
            var adopted = intent.TerminalSessionHistory?.Select(h => h.TerminalSession)
                .LastOrDefault(s => s is { Id: not null } && s.Id != previous && s.TerminalId == terminalId);
            if (adopted?.Id is not null)
            {
                journal.Record(order.Reference, $"session {adopted.Id} found", "the session's answer was lost; it was found in the intent's history, so it was not started twice");
                Started(order, adopted.Id, adopted.Status);
                return;
            }
            Unconfirmed(order);
        }
        catch (TillException ex) when (ex.InnerException is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // No intent to look in (an unlinked refund): only the PDQ knows whether it started.
            Unconfirmed(order);
        }
    }

    private void Unconfirmed(Order order)
    {
        order.Prompt = Prompt.Expired;
        order.Notice = "The terminal's answer was lost. Check the PDQ: if it went through, record it by hand; if nothing happened, retry.";
        journal.Record(order.Reference, "unconfirmed", "the answer to starting the session was lost");
    }

    private void Started(Order order, string sessionId, TerminalSessionStatus status)
    {
        order.TerminalSessionId = sessionId;
        order.SessionStatus = status;
        order.Notice = null;
        journal.Record(order.Reference, $"session {sessionId} started", $"{order.Kind} on terminal {order.TerminalId}");
    }

    // Reads what the session's end means for the order and records it.
    private async Task SettleAsync(Order order, CancellationToken cancellationToken)
    {
        var status = order.SessionStatus;
        if (order.PaymentIntentId is { } intentId)
        {
            // The intent is the record of the money: read it once the session ends (PI-03).
            var intent = await CallAsync(() => dojo.PaymentIntents.GetAsync(intentId, cancellationToken: cancellationToken));
            order.IntentStatus = intent.Status;
            order.Refunded = intent.RefundedAmount ?? 0;
            order.Amount = intent.Amount?.Value ?? order.Amount;
        }
        var refund = order.Kind is OrderKind.MatchedRefund or OrderKind.UnlinkedRefund;
        switch (status)
        {
            case TerminalSessionStatus.Captured when refund:
                Settle(order, $"refunded {Pence(order.Amount)} on the terminal", order.PaymentIntentId is null ? "the refund session ended Captured" : $"intent {order.PaymentIntentId} is {order.IntentStatus}, refunded {Pence(order.Refunded)}");
                break;
            case TerminalSessionStatus.Captured:
                Settle(order, "paid", $"intent {order.PaymentIntentId} is {order.IntentStatus}");
                break;
            case TerminalSessionStatus.Authorized:
                Settle(order, "pre-authorized", $"intent {order.PaymentIntentId} is {order.IntentStatus}");
                break;
            case TerminalSessionStatus.Declined:
                order.Prompt = Prompt.Declined;
                order.Notice = refund ? "The refund was declined." : "The card was declined. Retry (the same order, on the same payment intent) or choose another way to pay.";
                journal.Record(order.Reference, refund ? "refund declined" : "declined", $"session {order.TerminalSessionId} ended Declined");
                break;
            case TerminalSessionStatus.Expired:
                order.Prompt = Prompt.Expired;
                order.Notice = "The result cannot be confirmed. Check the card machine's screen: record the " + (refund ? "refund" : "payment")
                    + " by hand if it went through, or retry if it did not.";
                journal.Record(order.Reference, "unconfirmed", $"session {order.TerminalSessionId} ended Expired");
                break;
            case TerminalSessionStatus.Canceled:
                Settle(order, "canceled", $"session {order.TerminalSessionId} ended Canceled");
                break;
            case TerminalSessionStatus.SignatureVerificationRejected:
                order.Prompt = Prompt.Declined;
                order.Notice = "Signature rejected: the payment was declined.";
                journal.Record(order.Reference, "declined", "the signature was rejected");
                break;
        }
    }

    private void Settle(Order order, string what, string why)
    {
        order.Settled = true;
        order.Prompt = Prompt.None;
        order.Notice = char.ToUpperInvariant(what[0]) + what[1..] + ".";
        journal.Record(order.Reference, what, why);
    }

    /// <summary>
    /// Calls Dojo, turning what it refuses into what the person should do: a wrong key says to check it (CFG-02,
    /// ERR-02); anything else shows Dojo's own message (MP-06). A lost answer keeps its cause, for the callers that
    /// recover from it.
    /// </summary>
    private static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (DojoApiException ex) when (ex.IsAuthenticationError)
        {
            throw new TillException("Dojo refused the API key: check the API key in the till's settings.", ex);
        }
        catch (DojoApiException ex)
        {
            throw new TillException(ex.Detail ?? ex.Title ?? ex.Message, ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            // The connection failed or the answer was lost on the way (the SDK already retried what is safe to repeat).
            throw new TillException("No answer from Dojo: check the connection.", ex);
        }
    }

    private static string Pence(long pence) => (pence / 100m).ToString("0.00", CultureInfo.InvariantCulture);
}
