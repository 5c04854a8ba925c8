using System.Text;
using Microsoft.EntityFrameworkCore;
using PayAtCounter.Contracts;
using PayAtCounter.Engine;
using PayAtCounter.Engine.Ids;
using PayAtCounter.Engine.PaymentIntents;

namespace PayAtCounter.Server.Storage;

/// <summary>
/// Loads and saves payment intents; new ones are stored by <see cref="NewPaymentIntents"/>. Every save writes
/// the new state and its outbox events in one transaction, guarded by an optimistic version so concurrent
/// changes are retried, never lost.
/// </summary>
public sealed class PaymentIntentStore(PayAtCounterDb db, IdGenerator ids, Hosting.WorkSignals signals, TimeProvider clock)
{
    private const int MaxAttempts = 5;

    /// <summary>The intent, or null when this account has none with that id.</summary>
    public async Task<PaymentIntentState?> FindAsync(string accountId, string id, CancellationToken cancellationToken)
    {
        var row = await db.PaymentIntents.AsNoTracking()
            .FirstOrDefaultAsync(p => p.Id == id && p.AccountId == accountId, cancellationToken);
        return row is null ? null : Documents.Read(row);
    }

    /// <summary>
    /// Applies <paramref name="command"/> to the current state and saves the result with its events.
    /// <paramref name="alsoWrite"/> adds rows that must commit with it (a refund). Retried on a concurrent change.
    /// Anything already due on the intent (voiding, auto-expiry) is applied first, so a request never acts on
    /// a state the scheduler simply has not reached yet (rules 13–14).
    /// </summary>
    public async Task<Outcome<TChange>> UpdateAsync<TChange>(
        string accountId,
        string id,
        Func<PaymentIntentState, Outcome<TChange>> command,
        Func<TChange, (PaymentIntentState State, IReadOnlyList<PaymentIntentEvent> Events)> unpack,
        Action<TChange>? alsoWrite,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var row = await db.PaymentIntents.FirstOrDefaultAsync(p => p.Id == id && p.AccountId == accountId, cancellationToken);
            if (row is null)
            {
                return DomainError.NotFound($"No payment intent with id {id}.");
            }
            var current = Documents.Read(row);
            if (PaymentIntentCommands.RunDue(current, clock.GetUtcNow()) is { } due)
            {
                // Saved on its own, so it stands even if the command is then refused; the command runs on the next pass.
                Documents.Write(row, due.State);
                row.Version++;
                Outbox.Add(db, ids, accountId, due.Events);
                await SaveCatchUpAsync(attempt, cancellationToken);
                continue;
            }
            var outcome = command(current);
            if (!outcome.Succeeded)
            {
                return outcome;
            }
            var (state, events) = unpack(outcome.Value!);
            Documents.Write(row, state);
            row.Version++;
            var stored = Outbox.Add(db, ids, accountId, events);
            alsoWrite?.Invoke(outcome.Value!);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                signals.Stored([row.NextDueAtTicks], stored.Count);
                return outcome;
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                // Someone changed the intent since we read it: run the command again on the new state.
            }
        }
    }

    // A concurrent change is fine here, the loop reads the intent again; past the attempt limit it is reported.
    private async Task SaveCatchUpAsync(int attempt, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            signals.Changed();
        }
        catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
        {
        }
    }

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
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await FindRefundByKeyAsync(accountId, id, idempotencyKey, cancellationToken) is { } existing)
            {
                return existing;
            }
            try
            {
                var outcome = await UpdateAsync<PaymentIntentChange<RefundRecord>>(
                    accountId, id,
                    state => PaymentIntentCommands.Refund(state, request, idempotencyKey, now, ids),
                    c => (c.State, c.Events),
                    c => db.Refunds.Add(Documents.ToRow(c.Result)),
                    cancellationToken);
                return outcome.Succeeded ? outcome.Value!.Result : outcome.Error!;
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                // A concurrent request with the same key won the unique index; return its refund next time round.
            }
        }
    }

    /// <summary>A refund by id, for this account.</summary>
    public async Task<RefundRecord?> FindRefundAsync(string accountId, string refundId, CancellationToken cancellationToken)
    {
        var row = await db.Refunds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == refundId && r.AccountId == accountId, cancellationToken);
        return row is null ? null : FromRow(row);
    }

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
        var items = page.Select(Documents.Read).ToList();
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

    private async Task<RefundRecord?> FindRefundByKeyAsync(string accountId, string paymentIntentId, string key, CancellationToken cancellationToken)
    {
        var row = await db.Refunds.AsNoTracking()
            .FirstOrDefaultAsync(r => r.PaymentIntentId == paymentIntentId && r.IdempotencyKey == key && r.AccountId == accountId, cancellationToken);
        return row is null ? null : FromRow(row);
    }

    private static RefundRecord FromRow(RefundRow r) => new(
        r.Id, r.PaymentIntentId, r.AccountId, r.Amount, r.RefundReason, r.Notes, r.PreviousTransactionId,
        r.IdempotencyKey, r.Message, new DateTimeOffset(r.CreatedAtTicks, TimeSpan.Zero));
}

/// <summary>A search: filters, page size and at most one cursor.</summary>
public sealed record IntentQuery(IReadOnlyList<PaymentIntentStatus>? Statuses, DateTimeOffset? StartDate, DateTimeOffset? EndDate, int Limit, PageCursor? Before, PageCursor? After);

/// <summary>A page of intents and the cursors around it.</summary>
public sealed record IntentPage(IReadOnlyList<PaymentIntentState> Items, string? Before, string? After);

/// <summary>An opaque position in the newest-first order: creation time and id.</summary>
public sealed record PageCursor(long Ticks, string Id)
{
    /// <summary>The cursor of a row.</summary>
    public static string Of(PaymentIntentRow row) => Encode(row.CreatedAtTicks, row.Id);

    /// <summary>Encodes a position as URL-safe text.</summary>
    public static string Encode(long ticks, string id)
        => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ticks}:{id}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Decodes a cursor, or returns null when it is not one of ours.</summary>
    public static PageCursor? TryParse(string text)
    {
        try
        {
            var padded = text.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split(':', 2);
            return parts.Length == 2 && long.TryParse(parts[0], out var ticks) && parts[1].Length > 0 ? new PageCursor(ticks, parts[1]) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
