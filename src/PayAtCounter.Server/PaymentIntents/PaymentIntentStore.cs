using Microsoft.EntityFrameworkCore;
using PayAtCounter.Contracts;
using PayAtCounter.Engine;
using PayAtCounter.Engine.Ids;
using PayAtCounter.Engine.PaymentIntents;
using PayAtCounter.Server.Storage;

namespace PayAtCounter.Server.PaymentIntents;

/// <summary>
/// Reads payment intents and refunds, and changes intents: each change is the new state and its outbox events in
/// one unit of work, guarded by the intent's version so concurrent changes are retried, never lost. New intents
/// are stored by <see cref="NewPaymentIntents"/>.
/// </summary>
public sealed class PaymentIntentStore(PayAtCounterDb db, StorageWriter writer, IdGenerator ids, TimeProvider clock)
{
    // Transitions an intent can have due at once (voiding, auto-expiry): a bound, not an expected count.
    private const int MaxCatchUpSteps = 10;

    /// <summary>The intent, or null when this account has none with that id.</summary>
    public async Task<PaymentIntentState?> FindAsync(string accountId, string id, CancellationToken cancellationToken)
        => (await FindRowAsync(accountId, id, cancellationToken))?.ToState();

    /// <summary>
    /// Applies <paramref name="command"/> to the current state and saves the result with its events.
    /// <paramref name="alsoWrite"/> adds rows that must commit with it (a refund). Retried on a concurrent change.
    /// Anything already due on the intent (voiding, auto-expiry) is applied first, so a request never acts on
    /// a state the scheduler simply has not reached yet (rules 13–14).
    /// </summary>
    public Task<Outcome<TChange>> UpdateAsync<TChange>(
        string accountId,
        string id,
        Func<PaymentIntentState, Outcome<TChange>> command,
        Func<TChange, (PaymentIntentState State, IReadOnlyList<PaymentIntentEvent> Events)> unpack,
        Action<UnitOfWork, TChange>? alsoWrite,
        CancellationToken cancellationToken)
        => ConflictRetry.RunAsync(() => TryUpdateAsync(accountId, id, command, unpack, alsoWrite, cancellationToken));

    /// <summary>Applies a change that has no extra result.</summary>
    public Task<Outcome<PaymentIntentChange>> UpdateAsync(string accountId, string id, Func<PaymentIntentState, Outcome<PaymentIntentChange>> command, CancellationToken cancellationToken)
        => UpdateAsync(accountId, id, command, c => (c.State, c.Events), null, cancellationToken);

    /// <summary>Applies a change that produces a result for the caller.</summary>
    public Task<Outcome<PaymentIntentChange<T>>> UpdateAsync<T>(string accountId, string id, Func<PaymentIntentState, Outcome<PaymentIntentChange<T>>> command, CancellationToken cancellationToken)
        => UpdateAsync(accountId, id, command, c => (c.State, c.Events), null, cancellationToken);

    /// <summary>
    /// Refunds an intent, honouring the idempotency key: a key already used on this intent returns the
    /// refund it made, without refunding again (contract A2, rule 62).
    /// </summary>
    public async Task<Outcome<RefundRecord>> RefundAsync(string accountId, string id, CreateRefundRequest request, string idempotencyKey, DateTimeOffset now, CancellationToken cancellationToken)
        => await ConflictRetry.RunAsync<RefundRecord>(async () =>
        {
            // Checked on every attempt: a concurrent request with the same key that won the unique index is the
            // conflict, and its refund is the answer.
            if (await FindRefundByKeyAsync(accountId, id, idempotencyKey, cancellationToken) is { } existing)
            {
                return existing;
            }
            var attempt = await TryUpdateAsync<PaymentIntentChange<RefundRecord>>(accountId, id,
                state => PaymentIntentCommands.Refund(state, request, idempotencyKey, now, ids),
                c => (c.State, c.Events),
                (work, c) => work.Add(RefundRow.From(c.Result)),
                cancellationToken);
            if (attempt is not { } done)
            {
                return null;   // a conflict: read again, and look for the key again
            }
            if (!done.Succeeded)
            {
                return done.Error!;
            }
            return done.Value!.Result;
        });

    // One attempt: null when the intent changed since it was read (a conflict), so the caller reads again.
    private async Task<Outcome<TChange>?> TryUpdateAsync<TChange>(
        string accountId,
        string id,
        Func<PaymentIntentState, Outcome<TChange>> command,
        Func<TChange, (PaymentIntentState State, IReadOnlyList<PaymentIntentEvent> Events)> unpack,
        Action<UnitOfWork, TChange>? alsoWrite,
        CancellationToken cancellationToken)
    {
        PaymentIntentRow? row;
        PaymentIntentState current;
        // What is already due is committed first, on its own, so it stands even if the command is then refused.
        // Catching up is progress, not a conflict: it does not use up the attempts (there are a few steps at most).
        // Losing a catch-up commit to the scheduler, which runs the same due steps, is progress too.
        for (var caughtUp = 0; ; caughtUp++)
        {
            row = await FindRowAsync(accountId, id, cancellationToken);
            if (row is null)
            {
                return DomainError.NotFound($"No payment intent with id {id}.");
            }
            current = row.ToState();
            if (caughtUp == MaxCatchUpSteps || PaymentIntentCommands.RunDue(current, clock.GetUtcNow()) is not { } due)
            {
                break;
            }
            await writer.CommitAsync(Stage(new UnitOfWork(), row.Version, current, due.State, due.Events), db);   // won or lost, the next read is further along
        }
        var outcome = command(current);
        if (!outcome.Succeeded)
        {
            return outcome;
        }
        var (state, events) = unpack(outcome.Value!);
        var work = Stage(new UnitOfWork(), row.Version, current, state, events);
        alsoWrite?.Invoke(work, outcome.Value!);
        if (!await writer.CommitAsync(work, db))
        {
            return null;   // a conflict: read again
        }
        return outcome;
    }

    // A command that changed nothing (the scheduler finding nothing due after all) writes nothing.
    private UnitOfWork Stage(UnitOfWork work, int readVersion, PaymentIntentState before, PaymentIntentState after, IReadOnlyList<PaymentIntentEvent> events)
    {
        if (!ReferenceEquals(before, after))
        {
            work.Change(PaymentIntentRow.From(after, readVersion));
        }
        Outbox.Add(work, ids, after.AccountId, events);
        return work;
    }

    /// <summary>A refund by id, for this account.</summary>
    public async Task<RefundRecord?> FindRefundAsync(string accountId, string refundId, CancellationToken cancellationToken)
        => (await db.Refunds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == refundId && r.AccountId == accountId, cancellationToken))?.ToRecord();

    /// <summary>The refunds of an intent, oldest first.</summary>
    public async Task<IReadOnlyList<RefundRecord>> RefundsOfAsync(string accountId, string paymentIntentId, CancellationToken cancellationToken)
        => (await db.Refunds.AsNoTracking().Where(r => r.PaymentIntentId == paymentIntentId && r.AccountId == accountId).OrderBy(r => r.CreatedAtTicks).ToListAsync(cancellationToken))
            .Select(r => r.ToRecord()).ToList();

    /// <summary>One page of an account's intents, newest first (rule 18).</summary>
    public async Task<IntentPage> SearchAsync(string accountId, IntentQuery query, CancellationToken cancellationToken)
    {
        var rows = db.PaymentIntents.AsNoTracking().Where(p => p.AccountId == accountId);
        if (query.Statuses is { Count: > 0 } statuses)
        {
            var names = statuses.Select(s => s.ToString()).ToList();
            rows = rows.Where(p => names.Contains(p.Status));
        }
        if (query.StartDate is { } start)
        {
            rows = rows.Where(p => p.CreatedAtTicks >= start.UtcTicks);
        }
        if (query.EndDate is { } end)
        {
            rows = rows.Where(p => p.CreatedAtTicks <= end.UtcTicks);
        }
        var filtered = rows;
        List<PaymentIntentRow> page;
        bool moreBefore, moreAfter;
        if (query.Before is { } before)
        {
            // Newer than the cursor: read upwards, then present newest first like every page.
            page = await rows.Where(p => p.CreatedAtTicks > before.Ticks || (p.CreatedAtTicks == before.Ticks && string.Compare(p.Id, before.Id) > 0))
                .OrderBy(p => p.CreatedAtTicks).ThenBy(p => p.Id).Take(query.Limit + 1).ToListAsync(cancellationToken);
            moreBefore = page.Count > query.Limit;
            page = page.Take(query.Limit).Reverse().ToList();
            moreAfter = true;
        }
        else
        {
            if (query.After is { } after)
            {
                rows = rows.Where(p => p.CreatedAtTicks < after.Ticks || (p.CreatedAtTicks == after.Ticks && string.Compare(p.Id, after.Id) < 0));
            }
            page = await rows.OrderByDescending(p => p.CreatedAtTicks).ThenByDescending(p => p.Id).Take(query.Limit + 1).ToListAsync(cancellationToken);
            moreAfter = page.Count > query.Limit;
            page = page.Take(query.Limit).ToList();
            moreBefore = query.After is not null && await filtered.AnyAsync(p => p.CreatedAtTicks > query.After.Ticks || (p.CreatedAtTicks == query.After.Ticks && string.Compare(p.Id, query.After.Id) >= 0), cancellationToken);
        }
        var items = page.Select(r => r.ToState()).ToList();
        return new IntentPage(
            items,
            moreBefore && page.Count > 0 ? PageCursor.Of(page[0]) : null,
            moreAfter && page.Count > 0 ? PageCursor.Of(page[^1]) : null);
    }

    /// <summary>Ids and accounts of intents with work due at or before <paramref name="now"/>.</summary>
    public async Task<IReadOnlyList<(string AccountId, string Id)>> FindDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var due = await db.PaymentIntents.AsNoTracking()
            .Where(p => p.NextDueAtTicks != null && p.NextDueAtTicks <= now.UtcTicks)
            .OrderBy(p => p.NextDueAtTicks).Take(limit)
            .Select(p => new { p.AccountId, p.Id })
            .ToListAsync(cancellationToken);
        return due.Select(d => (d.AccountId, d.Id)).ToList();
    }

    /// <summary>The earliest time any intent has work due, UTC ticks, or null.</summary>
    public Task<long?> NextDueAsync(CancellationToken cancellationToken)
        => db.PaymentIntents.Where(p => p.NextDueAtTicks != null).MinAsync(p => p.NextDueAtTicks, cancellationToken);

    private Task<PaymentIntentRow?> FindRowAsync(string accountId, string id, CancellationToken cancellationToken)
        => db.PaymentIntents.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id && p.AccountId == accountId, cancellationToken);

    private async Task<RefundRecord?> FindRefundByKeyAsync(string accountId, string paymentIntentId, string key, CancellationToken cancellationToken)
        => (await db.Refunds.AsNoTracking()
            .FirstOrDefaultAsync(r => r.PaymentIntentId == paymentIntentId && r.IdempotencyKey == key && r.AccountId == accountId, cancellationToken))?.ToRecord();
}
