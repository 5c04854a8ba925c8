using System.Data.Common;
using System.Runtime.InteropServices;
using System.Text.Json.Serialization.Metadata;
using Microsoft.EntityFrameworkCore;
using PayAtCounter.Engine;
using PayAtCounter.Engine.Ids;
using PayAtCounter.Engine.PaymentIntents;
using PayAtCounter.Engine.TerminalSessions;
using PayAtCounter.Engine.Terminals;

namespace PayAtCounter.Server.Storage;

/// <summary>
/// Loads a session with its terminal and intent, applies one command, and writes all three with the
/// intent's webhook events and any refund in one transaction. Versions guard each row; a concurrent change
/// makes the command run again on fresh state.
/// </summary>
public sealed class TerminalSessionStore(PayAtCounterDb db, IdGenerator ids, Hosting.WorkSignals signals, FinishedSessionCache finished, LiveStateCache live)
{
    private const int MaxAttempts = 5;

    // What the unit of work being built will store, so only the workers it concerns are woken after the commit.
    private readonly List<long?> _stagedDueTicks = [];
    private int _stagedEvents;

    /// <summary>A session, or null.</summary>
    public async Task<TerminalSessionState?> FindAsync(string accountId, string id, CancellationToken cancellationToken)
    {
        if (finished.Find(accountId, id) is { } cached)
        {
            return cached;
        }
        var row = await db.TerminalSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.AccountId == accountId, cancellationToken);
        if (row is null)
        {
            return null;
        }
        var session = Documents.Read(row);
        finished.Remember(session);
        return session;
    }

    /// <summary>
    /// Creates a session on a terminal: a till's hot path, so in plain SQL (<see cref="SessionWorldWriter"/>).
    /// The terminal and intent are read with their versions, and the new session is inserted together with
    /// their version-guarded updates; a concurrent change (another session taking the terminal) reads them again.
    /// </summary>
    public async Task<Outcome<TerminalSessionState>> CreateAsync(
        string accountId, string terminalId, string? paymentIntentId, Func<TerminalState, PaymentIntentState?, Outcome<SessionWorldChange>> create, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = db.Database.GetDbConnection();
            for (var attempt = 1; ; attempt++)
            {
                var (terminalVersion, terminal) = await ReadAsync(connection, "terminals", terminalId, accountId, StorageJsonContext.Default.TerminalState, t => t.AccountId, cancellationToken);
                if (terminal is null)
                {
                    return DomainError.NotFound($"No terminal with id {terminalId}.");
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
                var write = new SessionWrite(link, new SessionWorld(change.Session, terminal, intent), change, Outbox.Rows(ids, accountId, change.IntentEvents), IsNew: true);
                if (await SessionWorldWriter.SaveAloneAsync(db, [write]))
                {
                    // The scheduler's first steps then find these states without reading them back.
                    SessionWorldWriter.RememberCommitted(write, live, finished);
                    signals.Stored([change.Session.DueAt?.UtcTicks, write.IntentChanged ? change.Intent!.NextDueAt?.UtcTicks : null], write.Events.Count(e => !e.FannedOut));
                    return change.Session;
                }
                if (attempt == MaxAttempts)
                {
                    throw new DbUpdateConcurrencyException($"Terminal {terminalId} kept changing while a session was being started on it.");
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    // A row's version and state, or (0, null) when there is none in this account.
    private static async Task<(int Version, T? State)> ReadAsync<T>(
        DbConnection connection, string table, string id, string accountId, JsonTypeInfo<T> type, Func<T, string> owner, CancellationToken cancellationToken)
        where T : class
    {
        foreach (var (_, version, document) in await PlainSql.DocumentsAsync(connection, table, [id], cancellationToken))
        {
            var state = Documents.Parse(id, document, type);
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
    public async Task<Outcome<TerminalSessionState>> ApplyAsync(string accountId, string sessionId, Simulation? catchUp, Func<SessionWorld, Outcome<SessionWorldChange>> command, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            StartUnitOfWork();
            var sessionRow = await db.TerminalSessions.FirstOrDefaultAsync(s => s.Id == sessionId && s.AccountId == accountId, cancellationToken);
            if (sessionRow is null)
            {
                return DomainError.NotFound($"No terminal session with id {sessionId}.");
            }
            var terminalRow = await db.Terminals.FirstOrDefaultAsync(t => t.Id == sessionRow.TerminalId, cancellationToken);
            var intentRow = sessionRow.PaymentIntentId is null ? null : await db.PaymentIntents.FirstOrDefaultAsync(p => p.Id == sessionRow.PaymentIntentId, cancellationToken);
            var session = Documents.Read(sessionRow);
            // A removed terminal is rebuilt in memory so its last session can still finish.
            var terminal = terminalRow is null
                ? new TerminalState { Id = session.TerminalId, AccountId = accountId, Tid = session.Tid, UpdatedAt = session.UpdatedAt }
                : Documents.Read(terminalRow);
            var world = new SessionWorld(session, terminal, intentRow is null ? null : Documents.Read(intentRow));
            if (catchUp is not null && TerminalSessionCommands.RunDue(world, catchUp) is { } due)
            {
                // Saved on its own, so it stands even if the command is then refused; the command runs on the next pass.
                Write(due, world, sessionRow, terminalRow, intentRow);
                await TrySaveAsync(attempt, cancellationToken);
                continue;
            }
            var outcome = command(world);
            if (!outcome.Succeeded)
            {
                return outcome.Error!;
            }
            Write(outcome.Value!, world, sessionRow, terminalRow, intentRow);
            if (await TrySaveAsync(attempt, cancellationToken))
            {
                return outcome.Value!.Session;
            }
        }
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
        return rows.Select(Documents.Read).ToLookup(s => s.PaymentIntentId!);
    }

    private void StartUnitOfWork()
    {
        db.ChangeTracker.Clear();
        _stagedDueTicks.Clear();
        _stagedEvents = 0;
    }

    // Only what the command changed is written: most timeline steps touch the session alone, and skipping
    // the unchanged terminal and intent rows (same instance as read) saves two UPDATEs per step.
    private void Write(SessionWorldChange change, SessionWorld before, TerminalSessionRow sessionRow, TerminalRow? terminalRow, PaymentIntentRow? intentRow)
    {
        Documents.Write(sessionRow, change.Session);
        sessionRow.Version++;
        _stagedDueTicks.Add(sessionRow.NextDueAtTicks);
        if (terminalRow is not null && !ReferenceEquals(change.Terminal, before.Terminal))
        {
            Documents.Write(terminalRow, change.Terminal);
            terminalRow.Version++;
        }
        if (intentRow is not null && change.Intent is not null && !ReferenceEquals(change.Intent, before.Intent))
        {
            Documents.Write(intentRow, change.Intent);
            intentRow.Version++;
            _stagedDueTicks.Add(intentRow.NextDueAtTicks);
        }
        _stagedEvents += Outbox.Add(db, ids, change.Session.AccountId, change.IntentEvents).Count;
        if (change.Refund is { } refund)
        {
            db.Refunds.Add(Documents.ToRow(refund));
        }
    }

    private async Task<bool> TrySaveAsync(int attempt, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            // A new or moved step may be due sooner than the scheduler planned to look, and events await delivery.
            signals.Stored(CollectionsMarshal.AsSpan(_stagedDueTicks), _stagedEvents);
            return true;
        }
        catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
        {
            return false;
        }
    }
}
