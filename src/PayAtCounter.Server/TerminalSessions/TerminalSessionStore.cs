using System.Text.Json.Serialization.Metadata;
using Microsoft.EntityFrameworkCore;
using PayAtCounter.Engine;
using PayAtCounter.Engine.Ids;
using PayAtCounter.Engine.PaymentIntents;
using PayAtCounter.Engine.TerminalSessions;
using PayAtCounter.Engine.Terminals;
using PayAtCounter.Server.PaymentIntents;
using PayAtCounter.Server.Storage;

namespace PayAtCounter.Server.TerminalSessions;

/// <summary>
/// Loads a session with its terminal and intent, applies one command, and writes the change
/// (<see cref="SessionWrite"/>) with the intent's webhook events and any refund in one unit of work. Versions guard
/// each row; a concurrent change makes the command run again on fresh state.
/// </summary>
public sealed class TerminalSessionStore(PayAtCounterDb db, StorageWriter writer, IdGenerator ids, FinishedSessionCache finished)
{
    // Steps a session can have due at once when the scheduler is far behind (a timeline has fewer than ten):
    // a bound, not an expected count.
    private const int MaxCatchUpSteps = 20;

    /// <summary>A session, or null.</summary>
    public async Task<TerminalSessionState?> FindAsync(string accountId, string id, CancellationToken cancellationToken)
    {
        if (finished.Find(accountId, id) is { } cached)
        {
            return cached.State;
        }
        var generation = finished.Generation;
        var row = await db.TerminalSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.AccountId == accountId, cancellationToken);
        if (row is null)
        {
            return null;
        }
        var session = row.ToState();
        finished.Remember(session, generation);
        return session;
    }

    /// <summary>
    /// Creates a session on a terminal: a till's hot path, so the terminal and intent are read in plain SQL with
    /// their versions, and the new session is added together with their version-guarded changes; a concurrent
    /// change (another session taking the terminal) reads them again.
    /// </summary>
    public async Task<Outcome<TerminalSessionState>> CreateAsync(
        string accountId, string terminalId, string? paymentIntentId, Func<TerminalState, PaymentIntentState?, Outcome<SessionWorldChange>> create, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = db.Database.GetDbConnection();
            return await ConflictRetry.RunAsync<TerminalSessionState>(async () =>
            {
                var (terminalVersion, terminal) = await ReadAsync(connection, "terminals", terminalId, accountId, StorageJsonContext.Default.TerminalState, t => t.AccountId, cancellationToken);
                if (terminal is null)
                {
                    return DomainError.NotFound(Terminals.TerminalNotFound.Message(terminalId));
                }
                var (intentVersion, intent) = paymentIntentId is null ? (0, null)
                    : await ReadAsync(connection, "payment_intents", paymentIntentId, accountId, StorageJsonContext.Default.PaymentIntentState, p => p.AccountId, cancellationToken);
                var outcome = create(terminal, intent);
                if (!outcome.Succeeded)
                {
                    return outcome.Error!;
                }
                var change = outcome.Value!;
                var link = new SessionLinks(change.Session.Id, 0, terminalId, terminalVersion, intent is null ? null : paymentIntentId, intent is null ? null : intentVersion);
                var work = new UnitOfWork();
                new SessionWrite(link, new SessionWorld(change.Session, terminal, intent), change, IsNew: true).StageIn(work, ids);
                if (!await writer.CommitAsync(work, db))
                {
                    return null;   // a conflict: read again
                }
                return change.Session;
            });
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    // A row's version and state, or (0, null) when there is none in this account.
    private static async Task<(int Version, T? State)> ReadAsync<T>(
        System.Data.Common.DbConnection connection, string table, string id, string accountId, JsonTypeInfo<T> type, Func<T, string> owner, CancellationToken cancellationToken)
        where T : class
    {
        foreach (var (_, version, document) in await SqlReads.DocumentsAsync(connection, table, [id], cancellationToken))
        {
            var state = Documents.Read(id, document, type);
            return owner(state) == accountId ? (version, state) : (0, null);
        }
        return (0, null);
    }

    /// <summary>
    /// Applies a command to a session and everything it touches. With <paramref name="catchUp"/>, steps
    /// already due are run and saved first, so a request never acts on a session the scheduler simply has
    /// not reached yet: a reject after the 80 s acceptance, or a cancel after the card, is refused however
    /// late the scheduler is (rules 53, 59, A33).
    /// </summary>
    public Task<Outcome<TerminalSessionState>> ApplyAsync(string accountId, string sessionId, Simulation? catchUp, Func<SessionWorld, Outcome<SessionWorldChange>> command, CancellationToken cancellationToken)
        => ConflictRetry.RunAsync<TerminalSessionState>(async () =>
        {
            // Catching up is progress, not a conflict: it does not use up the attempts. Neither does losing a
            // catch-up commit: the scheduler runs the same due steps and may commit one first, which is progress too.
            for (var caughtUp = 0; ; caughtUp++)
            {
                if (await ReadWorldAsync(accountId, sessionId, cancellationToken) is not { } read)
                {
                    return DomainError.NotFound($"No terminal session with id {sessionId}.");
                }
                var (world, link) = read;
                var work = new UnitOfWork();
                if (catchUp is not null && caughtUp < MaxCatchUpSteps && TerminalSessionCommands.RunDue(world, catchUp) is { } due)
                {
                    // Committed on its own, so it stands even if the command is then refused.
                    new SessionWrite(link, world, due).StageIn(work, ids);
                    await writer.CommitAsync(work, db);   // won or lost, the next read is further along
                    continue;
                }
                var outcome = command(world);
                if (!outcome.Succeeded)
                {
                    return outcome.Error!;
                }
                new SessionWrite(link, world, outcome.Value!).StageIn(work, ids);
                if (!await writer.CommitAsync(work, db))
                {
                    return null;   // a conflict: read again
                }
                return outcome.Value!.Session;
            }
        });

    // A session with its terminal and intent as they are now, and the versions they were read at; null when the
    // account has no such session.
    private async Task<(SessionWorld World, SessionLinks Link)?> ReadWorldAsync(string accountId, string sessionId, CancellationToken cancellationToken)
    {
        var sessionRow = await db.TerminalSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId && s.AccountId == accountId, cancellationToken);
        if (sessionRow is null)
        {
            return null;
        }
        var terminalRow = await db.Terminals.AsNoTracking().FirstOrDefaultAsync(t => t.Id == sessionRow.TerminalId, cancellationToken);
        var intentRow = sessionRow.PaymentIntentId is null ? null : await db.PaymentIntents.AsNoTracking().FirstOrDefaultAsync(p => p.Id == sessionRow.PaymentIntentId, cancellationToken);
        var session = sessionRow.ToState();
        // A removed terminal is rebuilt in memory so its last session can still finish.
        var terminal = terminalRow?.ToState()
            ?? new TerminalState { Id = session.TerminalId, AccountId = accountId, Tid = session.Tid, UpdatedAt = session.UpdatedAt };
        return (new SessionWorld(session, terminal, intentRow?.ToState()),
            new SessionLinks(sessionRow.Id, sessionRow.Version, sessionRow.TerminalId, terminalRow?.Version, intentRow?.Id, intentRow?.Version));
    }

    /// <summary>Sessions with a step or expiry due at or before <paramref name="now"/>.</summary>
    public async Task<IReadOnlyList<(string AccountId, string Id)>> FindDueAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var due = await db.TerminalSessions.AsNoTracking()
            .Where(s => s.NextDueAtTicks != null && s.NextDueAtTicks <= now.UtcTicks)
            .OrderBy(s => s.NextDueAtTicks).Take(limit)
            .Select(s => new { s.AccountId, s.Id })
            .ToListAsync(cancellationToken);
        return due.Select(d => (d.AccountId, d.Id)).ToList();
    }

    /// <summary>The earliest time any session has a step due, UTC ticks, or null.</summary>
    public Task<long?> NextDueAsync(CancellationToken cancellationToken)
        => db.TerminalSessions.Where(s => s.NextDueAtTicks != null).MinAsync(s => s.NextDueAtTicks, cancellationToken);

    /// <summary>The sessions of each intent, oldest first, for <c>terminalSessionHistory</c>.</summary>
    public async Task<ILookup<string, TerminalSessionState>> HistoryAsync(IReadOnlyCollection<string> paymentIntentIds, CancellationToken cancellationToken)
    {
        if (paymentIntentIds.Count == 0)
        {
            return Array.Empty<TerminalSessionState>().ToLookup(s => s.PaymentIntentId!);
        }
        var rows = await db.TerminalSessions.AsNoTracking()
            .Where(s => s.PaymentIntentId != null && paymentIntentIds.Contains(s.PaymentIntentId))
            .OrderBy(s => s.CreatedAtTicks)
            .ToListAsync(cancellationToken);
        return rows.Select(r => r.ToState()).ToLookup(s => s.PaymentIntentId!);
    }

    /// <summary>
    /// A page of the account's sessions, newest first, of one terminal or of all, older than <paramref name="after"/>
    /// (a cursor from <see cref="PageCursor.Encode"/>); with the cursor of the next page, if there is one.
    /// </summary>
    public async Task<(IReadOnlyList<TerminalSessionState> Items, string? Older)> ListAsync(string accountId, string? terminalId, PageCursor? after, int limit, CancellationToken cancellationToken)
    {
        var rows = db.TerminalSessions.AsNoTracking().Where(s => s.AccountId == accountId);
        if (terminalId is not null)
        {
            rows = rows.Where(s => s.TerminalId == terminalId);
        }
        if (after is not null)
        {
            rows = rows.Where(s => s.CreatedAtTicks < after.Ticks || (s.CreatedAtTicks == after.Ticks && string.Compare(s.Id, after.Id) < 0));
        }
        var page = await rows.OrderByDescending(s => s.CreatedAtTicks).ThenByDescending(s => s.Id).Take(limit + 1).ToListAsync(cancellationToken);
        var older = page.Count > limit ? PageCursor.Encode(page[limit - 1].CreatedAtTicks, page[limit - 1].Id) : null;
        return (page.Take(limit).Select(r => r.ToState()).ToList(), older);
    }
}
